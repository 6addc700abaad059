package io.dfota.lwm2m;

import io.dfota.core.FirmwareState;
import io.dfota.core.Transition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Shared settings for loopback tests: short CoAP timers and a generous wait bound. */
final class Loopback {
  /** The bound for waits; never reached in a passing run. */
  static final Duration WAIT = Duration.ofSeconds(20);

  private Loopback() {}

  static Lwm2mServer.Builder server() {
    return Lwm2mServer.builder()
        .coapTiming(Duration.ofMillis(300), 3)
        .operationTimeout(Duration.ofSeconds(5));
  }

  static Lwm2mClient.Builder client(Lwm2mServer server, String ep) {
    return Lwm2mClient.builder()
        .endpoint(ep)
        .server(server.localAddress())
        .coapTiming(Duration.ofMillis(300), 3)
        .requestTimeout(Duration.ofSeconds(5));
  }

  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  static byte[] contents(PackageStore store) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    long off = 0;
    while (true) {
      buf.clear();
      int n = store.read(off, buf);
      if (n <= 0) {
        return out.toByteArray();
      }
      out.write(buf.array(), 0, n);
      off += n;
    }
  }

  /** Collects notified states and waits for one. */
  static final class States {
    final BlockingQueue<FirmwareState> queue = new LinkedBlockingQueue<>();
    final List<FirmwareState> seen = new CopyOnWriteArrayList<>();

    void accept(FirmwareState s) {
      seen.add(s);
      queue.add(s);
    }

    void awaitState(FirmwareState wanted) {
      try {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
          FirmwareState s = queue.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (s == null) {
            Assertions.fail("state " + wanted + " not notified; seen " + seen);
          }
          if (s == wanted) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Records client events as strings, in order. */
  static final class Events implements ClientListener {
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    final List<String> all = new CopyOnWriteArrayList<>();

    private void add(String e) {
      all.add(e);
      queue.add(e);
    }

    void awaitEvent(String wanted) {
      try {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
          String s = queue.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (s == null) {
            Assertions.fail("event " + wanted + " not seen; seen " + all);
          }
          if (s.equals(wanted)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public void onRegistered(String location) {
      add("registered");
    }

    @Override
    public void onRegistrationUpdated() {
      add("updated");
    }

    @Override
    public void onDeregistered() {
      add("deregistered");
    }

    @Override
    public void onUplinkObserved() {
      add("uplinkObserved");
    }

    @Override
    public void onUplinkObservationCancelled() {
      add("uplinkCancelled");
    }

    @Override
    public void onFirmwareObserved() {
      add("fotaObserved");
    }

    @Override
    public void onFirmwareObservationCancelled() {
      add("fotaCancelled");
    }

    @Override
    public void onPackageUriReceived(String uri) {
      add("uri");
    }

    @Override
    public void onFirmwareTransition(Transition.Accepted t) {
      add(t.rule() + ":" + t.status().state());
    }

    @Override
    public void onDownlink(byte[] data) {
      add("downlink:" + new String(data, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void onRebooted() {
      add("rebooted");
    }
  }
}
