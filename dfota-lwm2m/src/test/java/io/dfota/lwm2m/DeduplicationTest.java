package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's CoAP deduplication (RFC 7252 §4.5) is bounded per peer: a retransmitted CON is
 * answered from the cache while it is among the peer's last 16 requests, and the older ones are
 * forgotten before EXCHANGE_LIFETIME, so a campaign's Block2 responses are not all held (fleet
 * benchmark, BENCHMARKS.md "Per-device memory of the server").
 */
class DeduplicationTest {
  private Lwm2mServer server;
  private final List<String> registryEvents = new CopyOnWriteArrayList<>();

  private void start() {
    server = Loopback.server().build();
    server.start();
    server
        .registry()
        .addListener(
            new DeviceRegistry.Listener() {
              @Override
              public void onRegistered(Registration r) {
                registryEvents.add("registered:" + r.endpoint());
              }

              @Override
              public void onUpdated(Registration r) {
                registryEvents.add("updated:" + r.endpoint());
              }

              @Override
              public void onDeregistered(Registration r, boolean expired) {
                registryEvents.add("gone:" + r.endpoint());
              }
            });
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private byte[] datagram(Request req, int mid) {
    req.setType(Type.CON);
    req.setMID(mid);
    req.setToken(Token.fromProvider(new byte[] {(byte) (mid >> 8), (byte) mid}));
    req.setDestinationContext(new AddressEndpointContext(server.localAddress()));
    return new UdpDataSerializer().serializeRequest(req).getBytes();
  }

  private static Request register(String ep) {
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd").addUriQuery("ep=" + ep).addUriQuery("b=U");
    req.getOptions().setContentFormat(40);
    req.setPayload("</>;rt=\"oma.lwm2m\",</3/0>");
    return req;
  }

  private static Request other() {
    Request req = Request.newGet();
    req.getOptions().setUriPath("nothing-here");
    return req;
  }

  /** Sends a datagram and returns the response code byte, or -1 without an answer. */
  private int exchange(DatagramSocket s, byte[] datagram) throws IOException {
    s.send(new DatagramPacket(datagram, datagram.length, server.localAddress()));
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      return -1;
    }
    return buf[1] & 0xFF;
  }

  @Test
  void answersARetransmittedConFromTheCacheWhileAmongThePeersLastSixteenAndForgetsOlderOnes()
      throws Exception {
    start();
    try (DatagramSocket device =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      device.setSoTimeout(5000);
      byte[] reg = datagram(register("ep-dedup"), 0x1000);
      assertEquals(ResponseCode.CREATED.value, exchange(device, reg));
      for (int i = 1; i <= 3; i++) {
        assertNotEquals(-1, exchange(device, datagram(other(), 0x1000 + i)));
      }
      // a retransmission among the last 16: answered from the cache, not processed again
      assertEquals(ResponseCode.CREATED.value, exchange(device, reg));
      assertEquals(List.of("registered:ep-dedup"), registryEvents);
      for (int i = 4; i <= 20; i++) {
        assertNotEquals(-1, exchange(device, datagram(other(), 0x1000 + i)));
      }
      // 20 newer requests from the peer: the registration left its deduplication window
      assertEquals(ResponseCode.CREATED.value, exchange(device, reg));
      assertEquals(2, registryEvents.size(), registryEvents::toString);
    }
  }
}
