package io.dfota.lwm2m;

import static io.dfota.lwm2m.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaOperationException;
import io.dfota.core.FotaTarget;
import io.dfota.core.Scheduler;
import io.dfota.core.UpdateResult;
import io.dfota.lwm2m.internal.CoapSupport;
import io.dfota.lwm2m.internal.DtlsSupport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LwM2M over DTLS 1.2 with PSK (CoAPS): both roles on loopback, protocol-notes §2.3 "Other". */
class DtlsTest {
  private static final String EP_A = "867725030008282";
  private static final String EP_B = "867725030008290";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PreSharedKey keyA = PreSharedKey.random(RANDOM, 16);
  private final PreSharedKey keyB = PreSharedKey.random(RANDOM, 16);
  private final SecurityStore.Editable store = SecurityStore.inMemory();
  private final List<Lwm2mClient> clients = new ArrayList<>();
  private Lwm2mServer server;

  @BeforeEach
  void startServer() {
    store.put(new PskCredential("id-" + EP_A, EP_A, keyA));
    store.put(new PskCredential("id-" + EP_B, EP_B, keyB));
    server = Loopback.server().dtls(store).build();
    server.start();
  }

  @AfterEach
  void stopAll() {
    for (Lwm2mClient c : clients) {
      c.stop();
    }
    server.stop();
  }

  private Lwm2mClient client(String ep, String identity, PreSharedKey key, ClientListener l) {
    Lwm2mClient c = Loopback.client(server, ep).psk(identity, key).listener(l).build();
    clients.add(c);
    return c;
  }

  /**
   * A client whose handshake the server drops (a bad Finished MAC is discarded silently, RFC 6347
   * §4.1.2.7): its registration ends at the request timeout.
   */
  private Lwm2mClient refused(String ep, String identity, PreSharedKey key) {
    Lwm2mClient c =
        Loopback.client(server, ep)
            .psk(identity, key)
            .requestTimeout(java.time.Duration.ofSeconds(2))
            .build();
    clients.add(c);
    return c;
  }

  private static Throwable failure(CompletableFuture<?> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void fullFotaRunsOverDtls() throws Exception {
    Loopback.Events events = new Loopback.Events();
    PackageStore pkgStore = PackageStore.inMemory(1 << 20);
    Lwm2mClient c =
        Loopback.client(server, EP_A)
            .psk("id-" + EP_A, keyA)
            .packageStore(pkgStore)
            .firmwareVersion("BC35GJBR01A03")
            .updater((uri, s) -> new UpdateOutcome.Success("BC35GJBR01A04", true))
            .listener(events)
            .build();
    clients.add(c);
    await(c.start());
    events.awaitEvent("uplinkObserved");
    FotaTarget target = server.fleet().target(EP_A).orElseThrow();
    assertEquals("BC35GJBR01A03", await(target.readFirmwareVersion()));

    TestPackage pkg = TestPackage.random("pkg-dtls", 6000, 7);
    String uri = server.fleet().publish(pkg);
    assertTrue(uri.startsWith("coaps://"), uri);
    server.fleet().allowDownload(EP_A, pkg.id());
    Loopback.States states = new Loopback.States();
    assertEquals(FirmwareState.IDLE, await(target.observeState(states::accept)));
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);
    assertArrayEquals(pkg.bytes, Loopback.contents(pkgStore));
    await(target.executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    events.awaitEvent("rebooted");
    events.awaitEvent("uplinkObserved");
    assertEquals(UpdateResult.SUCCESS, await(target.readUpdateResult()));
    assertEquals("BC35GJBR01A04", await(target.readFirmwareVersion()));
    assertFalse(pkg.reads.isEmpty());
  }

  @Test
  void wrongKeyFailsTheHandshakeAndRegistersNothing() {
    Lwm2mClient c = refused(EP_A, "id-" + EP_A, keyB);
    Throwable t = failure(c.start());
    assertInstanceOf(FotaOperationException.class, t);
    assertTrue(server.registry().all().isEmpty(), () -> server.registry().all().toString());
  }

  @Test
  void unknownIdentityFailsTheHandshakeAndRegistersNothing() {
    Lwm2mClient c = refused(EP_A, "stranger", keyA);
    Throwable t = failure(c.start());
    assertInstanceOf(FotaOperationException.class, t);
    assertTrue(server.registry().all().isEmpty(), () -> server.registry().all().toString());
  }

  @Test
  void authenticatedDeviceCannotRegisterAsAnotherEndpoint() {
    List<String> failures = new ArrayList<>();
    Lwm2mClient c =
        client(
            EP_B,
            "id-" + EP_A,
            keyA,
            new ClientListener() {
              @Override
              public void onRegistrationFailed(String reason) {
                failures.add(reason);
              }
            });
    Throwable t = failure(c.start());
    FotaOperationException f = assertInstanceOf(FotaOperationException.class, t);
    assertEquals(FotaOperationException.Failure.REJECTED, f.failure());
    assertTrue(f.getMessage().contains("4.03"), f.getMessage());
    assertTrue(server.registry().all().isEmpty(), () -> server.registry().all().toString());
    assertEquals(1, failures.size(), failures::toString);
  }

  @Test
  void twoDevicesWithTheirOwnKeysRegisterSideBySide() {
    Loopback.Events a = new Loopback.Events();
    Loopback.Events b = new Loopback.Events();
    await(client(EP_A, "id-" + EP_A, keyA, a).start());
    await(client(EP_B, "id-" + EP_B, keyB, b).start());
    a.awaitEvent("uplinkObserved");
    b.awaitEvent("uplinkObserved");
    assertTrue(server.registry().get(EP_A).isPresent());
    assertTrue(server.registry().get(EP_B).isPresent());
    assertEquals(
        "BC35GJBR01A03", await(server.fleet().target(EP_B).orElseThrow().readFirmwareVersion()));
  }

  @Test
  void authenticatedDeviceCannotUpdateOrDeregisterAnotherDevicesRegistration() throws Exception {
    Loopback.Events b = new Loopback.Events();
    await(client(EP_B, "id-" + EP_B, keyB, b).start());
    b.awaitEvent("uplinkObserved");
    String idB = server.registry().get(EP_B).orElseThrow().id();
    var config = CoapSupport.configuration(java.time.Duration.ofMillis(300), 3, 1);
    CoapEndpoint peer =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setConnector(
                DtlsSupport.client(
                    config,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new PskCredential("id-" + EP_A, EP_A, keyA)))
            .build();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      peer.start();
      Request update = Request.newPost();
      update.getOptions().setUriPath("rd/" + idB).addUriQuery("lt=60");
      Request delete = Request.newDelete();
      delete.getOptions().setUriPath("rd/" + idB);
      for (Request r : List.of(update, delete)) {
        r.setDestinationContext(new AddressEndpointContext(server.localAddress()));
        Response resp =
            await(
                CoapSupport.send(
                    peer, r, Scheduler.of(timer), java.time.Duration.ofSeconds(10), "test"));
        assertEquals(ResponseCode.FORBIDDEN, resp.getCode(), r::toString);
      }
    } finally {
      peer.destroy();
      timer.shutdownNow();
    }
    Registration still = server.registry().get(EP_B).orElseThrow();
    assertEquals(idB, still.id());
    assertEquals(java.time.Duration.ofSeconds(86400), still.lifetime());
  }

  @Test
  void plainCoapClientGetsNoAnswerFromADtlsServer() {
    Lwm2mClient c =
        Lwm2mClient.builder()
            .endpoint(EP_A)
            .server(server.localAddress())
            .coapTiming(java.time.Duration.ofMillis(100), 1)
            .requestTimeout(java.time.Duration.ofSeconds(2))
            .build();
    clients.add(c);
    assertInstanceOf(FotaOperationException.class, failure(c.start()));
    assertTrue(server.registry().all().isEmpty());
  }

  @Test
  void keysNeverAppearInTextForms() {
    PreSharedKey k = PreSharedKey.fromHex("00112233445566778899AABBCCDDEEFF");
    assertFalse(k.toString().contains("0011"), k::toString);
    PskCredential c = new PskCredential("id", EP_A, k);
    assertFalse(c.toString().contains("0011"), c::toString);
    assertEquals("00112233445566778899AABBCCDDEEFF", k.hex());
    assertEquals(k, PreSharedKey.of(k.bytes()));
  }

  @Test
  void invalidKeysAndDuplicateIdentitiesAreRefused() {
    assertThrows(Lwm2mException.class, () -> PreSharedKey.fromHex("001"));
    assertThrows(Lwm2mException.class, () -> PreSharedKey.fromHex("0011"));
    assertThrows(Lwm2mException.class, () -> PreSharedKey.fromHex("zz112233"));
    assertThrows(Lwm2mException.class, () -> new PskCredential("a b", EP_A, keyA));
    PskCredential one = new PskCredential("x", EP_A, keyA);
    PskCredential two = new PskCredential("x", EP_B, keyB);
    assertThrows(Lwm2mException.class, () -> SecurityStore.of(List.of(one, two)));
    assertEquals(EP_A, SecurityStore.of(List.of(one)).byIdentity("x").orElseThrow().endpoint());
  }
}
