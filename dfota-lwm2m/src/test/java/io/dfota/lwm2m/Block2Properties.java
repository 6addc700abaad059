package io.dfota.lwm2m;

import static io.dfota.lwm2m.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.core.FirmwareState;
import java.net.URI;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;

/** Block2 over real UDP: any package size with any client and server block size (RFC 7959). */
class Block2Properties {
  private static Lwm2mServer shared;
  private static RawPeer peer;
  private static TestPackage sharedPkg;
  private static String sharedPath;

  @BeforeContainer
  static void start() throws Exception {
    shared = Loopback.server().build();
    shared.start();
    peer = new RawPeer(shared.localAddress());
    peer.register("ep-prop");
    sharedPkg = TestPackage.random("prop", 3000, 11);
    sharedPath = URI.create(shared.fleet().publish(sharedPkg)).getPath().substring(1);
    shared.fleet().allowDownload("ep-prop", sharedPkg.id());
  }

  @AfterContainer
  static void stop() {
    peer.close();
    shared.stop();
  }

  @Provide
  Arbitrary<Integer> blockSizes() {
    return Arbitraries.of(16, 32, 64, 128, 256, 512, 1024);
  }

  @Property(tries = 12)
  void clientReassemblesIdenticalBytesForAnySizes(
      @ForAll @IntRange(min = 0, max = 2600) int size,
      @ForAll("blockSizes") int clientBlock,
      @ForAll("blockSizes") int serverMax)
      throws Exception {
    try (Lwm2mServer server = Loopback.server().maxBlockSize(serverMax).build()) {
      server.start();
      PackageStore store = PackageStore.inMemory(1 << 16);
      Loopback.Events events = new Loopback.Events();
      try (Lwm2mClient client =
          Loopback.client(server, "ep-" + size)
              .blockSize(clientBlock)
              .packageStore(store)
              .listener(events)
              .build()) {
        await(client.start());
        TestPackage pkg = TestPackage.random("p" + size, size, size);
        String uri = server.fleet().publish(pkg);
        server.fleet().allowDownload("ep-" + size, pkg.id());
        await(server.fleet().target("ep-" + size).orElseThrow().writePackageUri(uri));
        events.awaitEvent("T2:DOWNLOADED");
        assertEquals(FirmwareState.DOWNLOADED, client.firmwareStatus().state());
        assertArrayEquals(pkg.bytes, Loopback.contents(store));
        int block = Math.min(clientBlock, serverMax);
        // one read per block; an empty package is served as one empty block without a read
        assertEquals((size + block - 1) / block, pkg.reads.size());
      }
    }
  }

  @Property(tries = 30)
  void blockNumbersPastTheEndAreBadOption(
      @ForAll @IntRange(min = 0, max = 6) int szx,
      @ForAll @IntRange(min = 0, max = 4000) int past) {
    int size = 16 << szx;
    int served = Math.min(size, 1024);
    int lastNum = (3000 - 1) / served;
    int num = (int) Math.min(0xFFFFFL, (long) (lastNum + 1) * served / size + past);
    Request req = Request.newGet();
    req.getOptions().setUriPath(sharedPath);
    req.getOptions().setBlock2(szx, false, num);
    assertEquals(ResponseCode.BAD_OPTION, peer.send(req).getCode());
  }

  @Property(tries = 30)
  void everyBlockInRangeIsServedWithTheRequestedOrCappedSize(
      @ForAll @IntRange(min = 0, max = 6) int szx, @ForAll @IntRange(min = 0, max = 200) int n) {
    int size = 16 << szx;
    int num = n % ((3000 + size - 1) / size);
    Request req = Request.newGet();
    req.getOptions().setUriPath(sharedPath);
    req.getOptions().setBlock2(szx, false, num);
    var r = peer.send(req);
    assertEquals(ResponseCode.CONTENT, r.getCode());
    int offset = num * size;
    assertEquals(offset, r.getOptions().getBlock2().getOffset());
    int len = Math.min(r.getOptions().getBlock2().getSize(), 3000 - offset);
    byte[] expected = new byte[len];
    System.arraycopy(sharedPkg.bytes, offset, expected, 0, len);
    assertArrayEquals(expected, r.getPayload());
    assertEquals(offset + len < 3000, r.getOptions().getBlock2().isM());
  }
}
