package io.dfota.lwm2m;

import static io.dfota.lwm2m.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FotaOperationException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;

/** Generated malformed CoAP payloads and TLV: every request gets a code, nothing crashes. */
class MalformedInputProperties {
  private static Lwm2mServer server;
  private static Lwm2mClient client;
  private static RawPeer peer;

  @BeforeContainer
  static void start() throws Exception {
    server = Loopback.server().build();
    server.start();
    client = Loopback.client(server, "ep-fuzz").build();
    await(client.start());
    peer = new RawPeer(server.localAddress());
  }

  @AfterContainer
  static void stop() {
    peer.close();
    client.stop();
    server.stop();
  }

  @Property(tries = 60)
  void registrationWithArbitraryPayloadAndQueryGetsCreatedOrBadRequest(
      @ForAll @Size(max = 300) byte[] payload,
      @ForAll @StringLength(max = 20) String ep,
      @ForAll @StringLength(max = 8) String lt) {
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd").addUriQuery("ep=" + ep).addUriQuery("lt=" + lt);
    req.getOptions().setContentFormat(40);
    req.setPayload(payload);
    ResponseCode code = peer.send(req).getCode();
    assertTrue(Set.of(ResponseCode.CREATED, ResponseCode.BAD_REQUEST).contains(code), code::name);
  }

  @Property(tries = 60)
  void registrationUpdateWithArbitraryPayloadGetsAnAnswer(
      @ForAll @Size(max = 200) byte[] payload, @ForAll @StringLength(max = 12) String id) {
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd/" + (id.isEmpty() || id.contains("/") ? "x" : id));
    req.getOptions().setContentFormat(40);
    req.setPayload(payload);
    ResponseCode code = peer.send(req).getCode();
    assertTrue(code == ResponseCode.NOT_FOUND || code == ResponseCode.BAD_REQUEST, code::name);
  }

  @Property(tries = 80)
  void arbitraryTlvWrittenToTheDeviceGetsChangedOrBadRequest(@ForAll @Size(max = 64) byte[] tlv)
      throws Exception {
    try {
      await(server.write("ep-fuzz", "/19/1/0", Lwm2mContent.of(ContentFormat.TLV, tlv)));
    } catch (AssertionError e) {
      FotaOperationException f = (FotaOperationException) e.getCause().getCause();
      assertEquals(FotaOperationException.Failure.REJECTED, f.failure());
      assertTrue(f.getMessage().contains("4.00"), f.getMessage());
    }
  }

  @Property(tries = 60)
  void arbitraryDatagramsDoNotStopTheServer(@ForAll @Size(min = 1, max = 200) byte[] datagram)
      throws Exception {
    RawPeer.rawExchange(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        server.localAddress(),
        datagram,
        50);
    Request req = Request.newGet();
    req.getOptions().setUriPath("fw/unknown");
    assertEquals(ResponseCode.NOT_FOUND, peer.send(req).getCode());
  }

  @Property(tries = 40)
  void arbitraryTextReadsAndWritesOnObjectFiveNeverBreakTheClient(
      @ForAll @StringLength(max = 40) String value) throws Exception {
    try {
      server.write("ep-fuzz", "/5/0/5", Lwm2mContent.text(value)).get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertTrue(e.getCause().getMessage().contains("4.05"), e.getCause().getMessage());
    }
    assertTrue(await(server.read("ep-fuzz", "/5/0/3", null)).asLong().isPresent());
  }
}
