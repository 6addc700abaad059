package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Block2 package server against a scripted peer (RFC 7959, protocol-notes §3.4). */
class PackageServerTest {
  private Lwm2mServer server;
  private RawPeer peer;
  private TestPackage pkg;
  private String path;

  @BeforeEach
  void start() throws Exception {
    server = Loopback.server().maxBlockSize(256).build();
    server.start();
    peer = new RawPeer(server.localAddress());
    pkg = TestPackage.random("pkg", 1000, 7);
    path = URI.create(server.fleet().publish(pkg)).getPath().substring(1);
  }

  @AfterEach
  void stop() {
    peer.close();
    server.stop();
  }

  private Response get(Integer num, int szx) {
    Request req = Request.newGet();
    req.getOptions().setUriPath(path);
    if (num != null) {
      req.getOptions().setBlock2(szx, false, num);
    }
    return peer.send(req);
  }

  private void allow() {
    peer.register("ep-raw");
    server.fleet().allowDownload("ep-raw", pkg.id());
  }

  @Test
  void unregisteredPeerIsForbidden() {
    assertEquals(ResponseCode.FORBIDDEN, get(0, 4).getCode());
  }

  @Test
  void registeredPeerWithoutTaskIsForbiddenAndRevokedPermissionTakesEffect() {
    peer.register("ep-raw");
    assertEquals(ResponseCode.FORBIDDEN, get(0, 4).getCode());
    server.fleet().allowDownload("ep-raw", pkg.id());
    assertEquals(ResponseCode.CONTENT, get(0, 4).getCode());
    server.fleet().revokeDownload("ep-raw", pkg.id());
    assertEquals(ResponseCode.FORBIDDEN, get(1, 4).getCode());
  }

  @Test
  void unknownPackageIsNotFound() {
    allow();
    Request req = Request.newGet();
    req.getOptions().setUriPath("fw/000000");
    assertEquals(ResponseCode.NOT_FOUND, peer.send(req).getCode());
  }

  @Test
  void earlyNegotiationHonoursASmallerSizeAndCapsALargerOne() {
    allow();
    Response small = get(0, 2);
    assertEquals(ResponseCode.CONTENT, small.getCode());
    assertEquals(new BlockOption(2, true, 0), small.getOptions().getBlock2());
    assertEquals(64, small.getPayloadSize());
    assertEquals(1000, small.getOptions().getSize2());
    assertArrayEquals(
        HexFormat.of().parseHex(pkg.sha256Hex().substring(0, 16)),
        small.getOptions().getETags().get(0));
    Response capped = get(0, 6);
    assertEquals(4, capped.getOptions().getBlock2().getSzx());
    assertEquals(256, capped.getPayloadSize());
    Response noOption = get(null, 0);
    assertEquals(new BlockOption(4, true, 0), noOption.getOptions().getBlock2());
  }

  @Test
  void blocksReassembleToThePackageAndTheLastHasNoMoreFlag() {
    allow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int num = 0;
    while (true) {
      Response r = get(num, 3);
      out.write(r.getPayload(), 0, r.getPayloadSize());
      if (!r.getOptions().getBlock2().isM()) {
        break;
      }
      num++;
    }
    assertEquals(7, num);
    assertArrayEquals(pkg.bytes, out.toByteArray());
  }

  @Test
  void blockPastTheEndIsBadOption() {
    allow();
    assertEquals(ResponseCode.BAD_OPTION, get(8, 3).getCode());
    assertEquals(ResponseCode.BAD_OPTION, get(0xFFFFF, 0).getCode());
    assertEquals(ResponseCode.CONTENT, get(7, 3).getCode());
  }

  @Test
  void reservedBertSizeOverUdpIsRefusedByTheCoapLayer() throws Exception {
    allow();
    // SZX 7 is reserved over UDP (RFC 8323 §6); Californium's parser answers 4.00 before the
    // resource sees the request, so no block is ever served for it
    assertEquals(ResponseCode.BAD_REQUEST.value, rawGet(new byte[] {0x07}));
    assertTrue(pkg.reads.isEmpty());
  }

  @Test
  void otherMethodsAreNotAllowed() {
    allow();
    Request put = Request.newPut();
    put.getOptions().setUriPath(path);
    put.setPayload("x");
    assertEquals(ResponseCode.METHOD_NOT_ALLOWED, peer.send(put).getCode());
  }

  @Test
  void malformedBlock2OptionGetsBadOption() throws Exception {
    allow();
    // a 4-byte Block2 value is malformed (at most 3 bytes)
    assertEquals(ResponseCode.BAD_OPTION.value, rawGet(new byte[] {1, 2, 3, 4}));
    assertFalse(server.registry().all().isEmpty());
  }

  /** Sends a CON GET of the package from the registered peer's address with a raw Block2 value. */
  private int rawGet(byte[] block2) throws Exception {
    ByteArrayOutputStream d = new ByteArrayOutputStream();
    d.write(new byte[] {0x40, 0x01, 0x12, 0x34}); // CON GET, MID 0x1234, no token
    String[] segments = path.split("/");
    d.write(0xB0 | segments[0].length()); // Uri-Path (11)
    d.write(segments[0].getBytes(StandardCharsets.US_ASCII));
    d.write(0x0D); // Uri-Path again, length 13 + ext
    d.write(segments[1].length() - 13);
    d.write(segments[1].getBytes(StandardCharsets.US_ASCII));
    d.write(0xC0 | block2.length); // Block2 (23 = 11 + 12)
    d.write(block2);
    Optional<byte[]> response = peer.rawExchange(d.toByteArray());
    assertTrue(response.isPresent(), "no response");
    return response.get()[1] & 0xFF;
  }
}
