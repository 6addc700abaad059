package io.dfota.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaFleet;
import io.dfota.core.FotaTarget;
import io.dfota.core.PackageContent;
import io.dfota.core.UpdateResult;
import io.dfota.lwm2m.Lwm2mServer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The platform role for the tests: a real dfota-lwm2m server on UDP loopback, and the seed's FOTA
 * steps (protocol-notes §4.2) driven through core's {@link FotaTarget}.
 */
final class Platform implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final Lwm2mServer server;
  final Set<String> awake = ConcurrentHashMap.newKeySet();
  final BlockingQueue<String> uplinks = new LinkedBlockingQueue<>();

  Platform() {
    server =
        Lwm2mServer.builder()
            .coapTiming(Duration.ofMillis(200), 2)
            .operationTimeout(Duration.ofSeconds(5))
            .build();
    server.start();
    server
        .fleet()
        .addListener(
            (ep, reason) -> {
              awake.add(ep);
              if (reason == FotaFleet.AwakeReason.UPLINK) {
                uplinks.add(ep);
              }
            });
  }

  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  FotaTarget target(Imei imei) {
    return server.fleet().target(imei.value()).orElseThrow();
  }

  void awaitUplink(Imei imei) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String ep = uplinks.poll(100, TimeUnit.MILLISECONDS);
      if (imei.value().equals(ep)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no uplink from " + imei);
      }
    }
  }

  /** The observed /5/0/3 states of one device. */
  static final class States {
    final BlockingQueue<FirmwareState> queue = new LinkedBlockingQueue<>();

    void accept(FirmwareState s) {
      queue.add(s);
    }

    void awaitState(FirmwareState want) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        FirmwareState s = queue.poll(100, TimeUnit.MILLISECONDS);
        if (s == want) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("state " + want + " not notified");
        }
      }
    }
  }

  /** Steps 2 to 6: version, radio, observe, write the URI; returns the observed states. */
  States startFota(Imei imei, PackageContent pkg) {
    FotaTarget t = target(imei);
    await(t.readFirmwareVersion());
    await(t.readRadio());
    States states = new States();
    await(t.observeState(states::accept));
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(imei.value(), pkg.id());
    await(t.writePackageUri(uri));
    return states;
  }

  /** Step 9: read /5/0/5 and cancel the observation. */
  UpdateResult finish(Imei imei) {
    FotaTarget t = target(imei);
    UpdateResult r = await(t.readUpdateResult());
    await(t.cancelObservation());
    return r;
  }

  void assertVersion(Imei imei, String version) {
    assertEquals(version, await(target(imei).readFirmwareVersion()));
  }

  @Override
  public void close() {
    server.stop();
  }

  /** An emulated package as platform content. */
  static PackageContent content(String id, EmulatedPackage pkg) {
    byte[] bytes = pkg.encode();
    String sha;
    try {
      sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new PackageContent() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public String sha256Hex() {
        return sha;
      }

      @Override
      public int read(long offset, ByteBuffer dst) {
        if (offset >= bytes.length) {
          return 0;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - offset);
        dst.put(bytes, (int) offset, n);
        return n;
      }
    };
  }

  static EmulatedPackage delta(String from, String to, int size) {
    byte[] body = new byte[size];
    new java.util.Random(size).nextBytes(body);
    return new EmulatedPackage(from, to, EmulatedPackage.Bytes.copyOf(body));
  }
}
