package io.dfota.lwm2m;

import static io.dfota.lwm2m.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaTarget;
import io.dfota.core.UpdateResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Block2 download broken by loss (every answer to one block lost until the client's CON gives up)
 * resumes, on the platform's next Package URI write, from the block that was lost, never from zero
 * (protocol-notes §3.4, P11; issue #10 "Lossy, slow links"). The server sees the block numbers.
 */
class LossyDownloadTest {
  private static final String EP = "867725030008282";
  private static final int BLOCK = 256;

  private final Block2Meter meter = new Block2Meter();
  private Lwm2mServer server;
  private Lwm2mClient client;

  @AfterEach
  void stopAll() {
    if (client != null) {
      client.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void downloadBrokenByLossResumesFromTheLostBlockNeverFromZero() throws Exception {
    CoapTiming quickGiveUp = CoapTiming.LOOPBACK.toBuilder().maxRetransmit(1).build();
    server =
        Lwm2mServer.builder()
            .coapTiming(CoapTiming.LOOPBACK)
            .operationTimeout(Duration.ofSeconds(5))
            .interceptor(meter)
            .build();
    server.start();
    PackageStore store = PackageStore.inMemory(1 << 16);
    Loopback.Events events = new Loopback.Events();
    client =
        Lwm2mClient.builder()
            .endpoint(EP)
            .server(server.localAddress())
            .coapTiming(quickGiveUp)
            .requestTimeout(Duration.ofSeconds(5))
            .blockSize(BLOCK)
            .packageStore(store)
            .listener(events)
            .build();
    await(client.start());
    events.awaitEvent("uplinkObserved");
    FotaTarget target = server.fleet().target(EP).orElseThrow();
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    events.awaitEvent("fotaObserved");
    TestPackage pkg = TestPackage.random("pkg-lossy", 8 * BLOCK + 100, 7); // 9 blocks
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(EP, pkg.id());

    // every answer to block 5 is lost: the client's CON and its retransmission go unanswered
    meter.suppress = n -> n == 5;
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADING);
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.CONNECTION_LOST, await(target.readUpdateResult()));
    List<Integer> firstTry = new ArrayList<>(meter.requested);

    meter.suppress = n -> false;
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);

    assertArrayEquals(pkg.bytes, Loopback.contents(store));
    List<Integer> all = new ArrayList<>(meter.requested);
    List<Integer> secondTry = all.subList(firstTry.size(), all.size());
    assertEquals(List.of(0, 1, 2, 3, 4), firstTry.stream().filter(n -> n < 5).toList());
    assertTrue(firstTry.stream().filter(n -> n == 5).count() >= 2, () -> "retransmitted: " + all);
    assertEquals(List.of(5, 6, 7, 8), secondTry, () -> "block numbers seen: " + all);
    double perByte = (double) meter.payloadBytesSent.get() / pkg.bytes.length;
    assertEquals(1.0, perByte, 1e-9, "each block's payload sent once");
    System.out.printf(
        "LossyDownloadTest: block numbers the server saw %s; %d answers lost; payload bytes sent"
            + " per package byte %.3f%n",
        all, meter.responsesSuppressed.get(), perByte);
  }
}
