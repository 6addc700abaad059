package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.VirtualScheduler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests to the platform role (issue #10): another device's endpoint name, a package
 * outside the device's task, a block past the end, oversize payloads. Each is refused with its
 * code, logged once (a CON retransmission included) and changes nothing.
 */
class HostileRequestsTest {
  private static final InetAddress OTHER_HOST = loopback2();

  private Lwm2mServer server;
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private final List<String> registryEvents = new CopyOnWriteArrayList<>();

  private static InetAddress loopback2() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void start(Lwm2mServer.Builder b) {
    server = b.build();
    server.start();
    server
        .registry()
        .addListener(
            new DeviceRegistry.Listener() {
              @Override
              public void onRegistered(Registration r) {
                registryEvents.add("registered:" + r.endpoint() + "@" + r.address());
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

  private RawPeer peer(InetAddress host) throws IOException {
    RawPeer p = new RawPeer(server.localAddress(), host);
    closing.add(p);
    return p;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static Request register(String ep) {
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd").addUriQuery("ep=" + ep).addUriQuery("b=U");
    req.getOptions().setContentFormat(40);
    req.setPayload("</>;rt=\"oma.lwm2m\",</3/0>");
    return req;
  }

  /** The bytes of a CON request with a fixed message id, as a retransmission repeats them. */
  private byte[] datagram(Request req, int mid) {
    req.setType(Type.CON);
    req.setMID(mid);
    req.setToken(Token.fromProvider(new byte[] {1, 2, 3, 4}));
    req.setDestinationContext(new AddressEndpointContext(server.localAddress()));
    return new UdpDataSerializer().serializeRequest(req).getBytes();
  }

  /** Sends a datagram and returns the response code byte, or -1 without an answer. */
  private static int exchange(DatagramSocket s, InetSocketAddress to, byte[] datagram)
      throws IOException {
    s.send(new DatagramPacket(datagram, datagram.length, to));
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      return -1;
    }
    return buf[1] & 0xFF;
  }

  private static int code(ResponseCode c) {
    return c.value;
  }

  @Test
  void registeringALiveEndpointFromAnotherHostIsForbiddenLoggedOnceAndChangesNothing()
      throws Exception {
    start(Loopback.server());
    peer(InetAddress.getLoopbackAddress()).register("ep-owner");
    Registration before = server.registry().get("ep-owner").orElseThrow();
    try (LogCapture log = new LogCapture();
        DatagramSocket thief = new DatagramSocket(new InetSocketAddress(OTHER_HOST, 0))) {
      thief.setSoTimeout(5000);
      byte[] d = datagram(register("ep-owner"), 0x4242);
      assertEquals(code(ResponseCode.FORBIDDEN), exchange(thief, server.localAddress(), d));
      // the same datagram again, as a CON retransmission: the same answer, no second log line
      assertEquals(code(ResponseCode.FORBIDDEN), exchange(thief, server.localAddress(), d));
      assertEquals(1, log.lines("refused POST /rd", "4.03", "ep-owner").size(), log::toString);
    }
    assertEquals(before, server.registry().get("ep-owner").orElseThrow());
    assertEquals(List.of("registered:ep-owner@" + before.address()), registryEvents);
  }

  @Test
  void theSameHostOnANewPortReplacesTheRegistrationAsARebootedModuleDoes() throws Exception {
    start(Loopback.server());
    peer(InetAddress.getLoopbackAddress()).register("ep-reboot");
    Registration before = server.registry().get("ep-reboot").orElseThrow();
    RawPeer rebooted = peer(InetAddress.getLoopbackAddress());
    rebooted.register("ep-reboot");
    Registration after = server.registry().get("ep-reboot").orElseThrow();
    assertEquals(rebooted.address(), after.address());
    assertNotEquals(before.id(), after.id());
  }

  @Test
  void anotherHostMayRegisterTheEndpointOnceTheOldRegistrationExpired() throws Exception {
    VirtualScheduler time = new VirtualScheduler();
    start(Loopback.server().scheduler(time).expiryGrace(Duration.ofSeconds(15)));
    peer(InetAddress.getLoopbackAddress()).register("ep-moved");
    RawPeer other = peer(OTHER_HOST);
    assertEquals(ResponseCode.FORBIDDEN, other.send(register("ep-moved")).getCode());
    time.advance(Duration.ofSeconds(86400 + 15));
    assertTrue(server.registry().get("ep-moved").isEmpty());
    assertEquals(ResponseCode.CREATED, other.send(register("ep-moved")).getCode());
    assertEquals(other.address(), server.registry().get("ep-moved").orElseThrow().address());
  }

  @Test
  void packagesOutsideTheTaskAndBlocksPastTheEndAreRefusedLoggedOnceAndNothingIsRead()
      throws Exception {
    start(Loopback.server());
    RawPeer device = peer(InetAddress.getLoopbackAddress());
    device.register("ep-task");
    TestPackage mine = TestPackage.random("mine", 500, 1);
    TestPackage other = TestPackage.random("other", 500, 2);
    String minePath = URI.create(server.fleet().publish(mine)).getPath().substring(1);
    String otherPath = URI.create(server.fleet().publish(other)).getPath().substring(1);
    server.fleet().allowDownload("ep-task", mine.id());
    try (LogCapture log = new LogCapture()) {
      assertEquals(ResponseCode.FORBIDDEN, device.send(get(otherPath, 2, 0)).getCode());
      assertEquals(1, log.lines("refused GET", "4.03", "ep-task has no active task").size());

      assertEquals(ResponseCode.NOT_FOUND, device.send(get("fw/0123456789ab", 2, 0)).getCode());
      assertEquals(1, log.lines("refused GET /fw/0123456789ab", "4.04").size());

      assertEquals(ResponseCode.BAD_OPTION, device.send(get(minePath, 2, 8)).getCode());
      assertEquals(1, log.lines("refused GET", "4.02", "offset 512 past the end 500").size());

      // SZX 7 (BERT) over UDP: Californium's parser already answers 4.00 (RFC 8323 §6)
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(OTHER_HOST, 0))) {
        s.setSoTimeout(5000);
        assertEquals(
            code(ResponseCode.BAD_REQUEST), exchange(s, server.localAddress(), bertGet(minePath)));
      }

      RawPeer stranger = peer(OTHER_HOST);
      assertEquals(ResponseCode.FORBIDDEN, stranger.send(get(minePath, 2, 0)).getCode());
      assertEquals(1, log.lines("refused GET", "4.03", "not registered").size());
    }
    assertEquals(List.of(), mine.reads);
    assertEquals(List.of(), other.reads);
    // the refusals did not spoil the device's own download
    Response first = device.send(get(minePath, 2, 0));
    assertEquals(ResponseCode.CONTENT, first.getCode());
    assertEquals(List.of(0L), mine.reads);
  }

  /** GET with Block2 SZX 7, built by hand: Californium refuses to encode BERT for UDP. */
  private static byte[] bertGet(String path) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x44, 0x01, 0x12, 0x34, 9, 8, 7, 6}); // CON GET, MID, token
    String[] segments = path.split("/");
    int delta = 11; // Uri-Path
    for (String seg : segments) {
      byte[] b = seg.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      if (b.length < 13) {
        out.write((delta << 4) | b.length);
      } else {
        out.write((delta << 4) | 13);
        out.write(b.length - 13);
      }
      out.writeBytes(b);
      delta = 0;
    }
    out.writeBytes(new byte[] {(byte) 0xC1, 0x07}); // Block2 (23 = 11 + 12): NUM 0, SZX 7
    return out.toByteArray();
  }

  private static Request get(String path, int szx, int num) {
    Request req = Request.newGet();
    req.getOptions().setUriPath(path);
    req.getOptions().setBlock2(szx, false, num);
    return req;
  }

  @Test
  void blockWiseOrOversizeRegistrationPayloadsAreTooLargeLoggedOnceAndRegisterNothing()
      throws Exception {
    start(Loopback.server());
    RawPeer device = peer(InetAddress.getLoopbackAddress());
    try (LogCapture log = new LogCapture()) {
      Request req = register("ep-big");
      req.getOptions().setBlock1(5, true, 0);
      req.setPayload("</3/0>".repeat(85) + ",,"); // 512 bytes, the first of more blocks
      Response r = device.send(req);
      assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, r.getCode());
      assertEquals(4096, r.getOptions().getSize1());
      assertEquals(1, log.lines("refused POST /rd", "4.13", "Block1").size());
    }
    assertTrue(server.registry().get("ep-big").isEmpty());
    device.register("ep-big");
    String id = server.registry().get("ep-big").orElseThrow().id();
    Request update = Request.newPost();
    update.getOptions().setUriPath("rd/" + id).setBlock1(5, true, 0);
    update.setPayload("</5/0>".repeat(85) + ",,");
    assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, device.send(update).getCode());
    assertEquals(List.of("/3/0"), server.registry().get("ep-big").orElseThrow().objectLinks());
    assertEquals(1, registryEvents.size(), registryEvents::toString);
  }

  @Test
  void aDatagramOverTheUdpLimitIsDroppedAndTheServerGoesOn() throws Exception {
    start(Loopback.server());
    RawPeer device = peer(InetAddress.getLoopbackAddress());
    Request big = register("ep-huge");
    big.setPayload("</3/0>,".repeat(700) + "</3/0>"); // ~4.9 kB: over the 2048-byte datagram size
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(OTHER_HOST, 0))) {
      s.setSoTimeout(1000);
      int answer = exchange(s, server.localAddress(), datagram(big, 7));
      assertTrue(
          answer == -1 || answer == code(ResponseCode.REQUEST_ENTITY_TOO_LARGE),
          () -> "answer " + answer);
    }
    assertTrue(server.registry().get("ep-huge").isEmpty());
    device.register("ep-after");
  }
}
