package io.dfota.lwm2m;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaTarget;
import io.dfota.core.UpdateResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * The child JVM of {@link NetemLinkTest}, run inside a network namespace whose loopback carries a
 * {@code tc netem} delay and loss: a server and a client on {@code 127.0.0.1} of that namespace run
 * one FOTA (a few Block2 blocks) and the child prints {@code RESULT <n>} with the final update
 * result, then exits 0 when it is 1 (success).
 */
public final class NetemFotaChild {
  private static final String EP = "867725030008282";

  /** Fits a 200 ms one-way delay: ACK_TIMEOUT above the 400 ms round trip. */
  static final CoapTiming TIMING =
      CoapTiming.LOOPBACK.toBuilder()
          .ackTimeout(Duration.ofSeconds(1))
          .maxAckTimeout(Duration.ofSeconds(8))
          .build();

  static final int PACKAGE_BYTES = 6 * 512 + 100;

  private NetemFotaChild() {}

  /**
   * Runs the FOTA.
   *
   * @param args none
   * @throws Exception on any failure (exit code 1)
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    AtomicLong blockResponses = new AtomicLong();
    AtomicLong payloadBytes = new AtomicLong();
    Lwm2mServer server =
        Lwm2mServer.builder()
            .coapTiming(TIMING)
            .interceptor(
                new MessageInterceptorAdapter() {
                  @Override
                  public void sendResponse(Response response) {
                    if (response.getOptions().hasBlock2()) {
                      blockResponses.incrementAndGet();
                      payloadBytes.addAndGet(response.getPayloadSize());
                    }
                  }
                })
            .build();
    server.start();
    CompletableFuture<Void> observed = new CompletableFuture<>();
    Lwm2mClient client =
        Lwm2mClient.builder()
            .endpoint(EP)
            .server(server.localAddress())
            .coapTiming(TIMING)
            .blockSize(512)
            .updater((uri, s) -> new UpdateOutcome.Success("BC35GJBR01A04", true))
            .listener(
                new ClientListener() {
                  @Override
                  public void onFirmwareObserved() {
                    observed.complete(null);
                  }
                })
            .build();
    int code = 1;
    try {
      client.start().get(2, TimeUnit.MINUTES);
      FotaTarget target = server.fleet().target(EP).orElseThrow();
      LinkedBlockingQueue<FirmwareState> states = new LinkedBlockingQueue<>();
      target.observeState(states::add).get(2, TimeUnit.MINUTES);
      observed.get(2, TimeUnit.MINUTES);
      TestPackage pkg = TestPackage.random("netem", PACKAGE_BYTES, 11);
      String uri = server.fleet().publish(pkg);
      server.fleet().allowDownload(EP, pkg.id());
      target.writePackageUri(uri).get(2, TimeUnit.MINUTES);
      await(states, FirmwareState.DOWNLOADED);
      target.executeUpdate().get(2, TimeUnit.MINUTES);
      await(states, FirmwareState.IDLE);
      UpdateResult result = target.readUpdateResult().get(2, TimeUnit.MINUTES);
      out.printf(
          "RESULT %d blocks %d payload-bytes %d package-bytes %d seconds %.1f%n",
          result.code(),
          blockResponses.get(),
          payloadBytes.get(),
          PACKAGE_BYTES,
          (System.nanoTime() - t0) / 1e9);
      code = result == UpdateResult.SUCCESS ? 0 : 1;
    } finally {
      client.stop();
      server.stop();
    }
    System.exit(code);
  }

  private static void await(LinkedBlockingQueue<FirmwareState> states, FirmwareState wanted)
      throws InterruptedException {
    while (true) {
      FirmwareState s = states.poll(2, TimeUnit.MINUTES);
      if (s == null) {
        throw new IllegalStateException("state " + wanted + " not notified");
      }
      if (s == wanted) {
        return;
      }
    }
  }
}
