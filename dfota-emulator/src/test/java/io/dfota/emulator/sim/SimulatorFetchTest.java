package io.dfota.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.emulator.EmulatorException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bare Block2 fetch of {@link DeviceSimulator#fetch} against a plain Californium server with
 * Californium's block-wise layer (RFC 7959), without LwM2M: the baseline of the fleet benchmark.
 */
class SimulatorFetchTest {
  private static final byte[] BODY = new byte[5000];

  static {
    new SplittableRandom(7).nextBytes(BODY);
  }

  private CoapServer server;
  private InetSocketAddress address;

  @BeforeEach
  void startServer() {
    Configuration c = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
    c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 8192);
    c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 256);
    c.set(CoapConfig.MAX_MESSAGE_SIZE, 256);
    server = new CoapServer(c);
    CoapEndpoint ep =
        new CoapEndpoint.Builder()
            .setConfiguration(c)
            .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build();
    server.addEndpoint(ep);
    server.add(
        new CoapResource("fw") {
          @Override
          public void handleGET(CoapExchange exchange) {
            exchange.respond(ResponseCode.CONTENT, BODY, 42);
          }
        });
    server.start();
    address = ep.getAddress();
  }

  @AfterEach
  void stopServer() {
    server.destroy();
  }

  private DeviceSimulator sim(int n, int block) {
    return DeviceSimulator.builder()
        .server(address)
        .devices(n)
        .blockSize(block)
        .coapTiming(Duration.ofMillis(500), 3)
        .build();
  }

  private URI uri(String path) {
    return URI.create("coap://127.0.0.1:" + address.getPort() + path);
  }

  @Test
  void everyDeviceFetchesTheWholeBodyBlockByBlockWithoutRegistering() throws Exception {
    try (DeviceSimulator sim = sim(5, 256)) {
      sim.startUnregistered().get(30, TimeUnit.SECONDS);
      List<FetchOutcome> out = sim.fetch(uri("/fw")).get(30, TimeUnit.SECONDS);
      assertEquals(5, out.size());
      for (int i = 0; i < out.size(); i++) {
        FetchOutcome o = out.get(i);
        assertEquals(sim.imeis().get(i), o.imei());
        assertTrue(o.complete(), o::toString);
        assertEquals(BODY.length, o.bytes());
      }
      SimCounters c = sim.counters();
      int blocksEach = (BODY.length + 255) / 256;
      assertEquals(5L * blocksEach, c.blocks());
      assertEquals(5L * BODY.length, c.bytes());
      assertEquals(0, c.registered(), "a bare fetch registers nowhere");
      assertEquals(0, c.retransmissions());
    }
  }

  @Test
  void followsTheServersSmallerBlockSize() throws Exception {
    try (DeviceSimulator sim = sim(2, 1024)) {
      sim.startUnregistered().get(30, TimeUnit.SECONDS);
      List<FetchOutcome> out = sim.fetch(uri("/fw")).get(30, TimeUnit.SECONDS);
      for (FetchOutcome o : out) {
        assertTrue(o.complete(), o::toString);
        assertEquals(BODY.length, o.bytes());
      }
      assertEquals(2L * ((BODY.length + 255) / 256), sim.counters().blocks());
    }
  }

  @Test
  void aMissingResourceIsAnIncompleteFetch() throws Exception {
    try (DeviceSimulator sim = sim(2, 256)) {
      sim.startUnregistered().get(30, TimeUnit.SECONDS);
      for (FetchOutcome o : sim.fetch(uri("/nothing")).get(30, TimeUnit.SECONDS)) {
        assertFalse(o.complete());
        assertEquals(0, o.bytes());
      }
    }
  }

  @Test
  void refusesANonCoapUriAndAFetchBeforeStart() {
    try (DeviceSimulator sim = sim(1, 256)) {
      assertThrows(EmulatorException.class, () -> sim.fetch(uri("/fw")));
      sim.startUnregistered().join();
      assertThrows(EmulatorException.class, () -> sim.fetch(URI.create("http://127.0.0.1/fw")));
    }
  }
}
