package io.dfota.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaFleet;
import io.dfota.core.FotaTarget;
import io.dfota.core.PackageContent;
import io.dfota.core.RadioReport;
import io.dfota.core.UpdateResult;
import io.dfota.core.VirtualScheduler;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.EmulatorException;
import io.dfota.emulator.Imei;
import io.dfota.lwm2m.ContentFormat;
import io.dfota.lwm2m.Lwm2mContent;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.lwm2m.Registration;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simulated devices against the real dfota-lwm2m server on UDP loopback, driven through core's
 * {@link FotaTarget} steps (protocol-notes §4.2).
 */
class DeviceSimulatorTest {
  static final String A03 = "BC35GJBR01A03";
  static final String A04 = "BC35GJBR01A04";
  static final Duration WAIT = Duration.ofSeconds(30);

  private Lwm2mServer server;
  private DeviceSimulator sim;

  @BeforeEach
  void startServer() {
    server =
        Lwm2mServer.builder()
            .coapTiming(Duration.ofMillis(500), 3)
            .operationTimeout(Duration.ofSeconds(10))
            .build();
    server.start();
  }

  @AfterEach
  void stopAll() {
    if (sim != null) {
      sim.close();
    }
    server.stop();
  }

  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  private DeviceSimulator.Builder sim(int n) {
    return DeviceSimulator.builder()
        .server(server.localAddress())
        .devices(n)
        .firmwareVersion(A03)
        .coapTiming(Duration.ofMillis(500), 3)
        .requestTimeout(Duration.ofSeconds(10));
  }

  @Test
  void registersEveryDeviceWithItsOwnPort() {
    sim = sim(20).build();
    await(sim.start());
    assertEquals(20, sim.counters().registered());
    Set<Integer> ports = new HashSet<>();
    for (Imei imei : sim.imeis()) {
      Registration r = server.registry().get(imei.value()).orElseThrow();
      SimulatedDevice d = sim.device(imei.value()).orElseThrow();
      assertEquals(d.address(), r.address());
      assertTrue(r.hasObject(5) && r.hasObject(3) && r.hasObject(19));
      ports.add(r.address().getPort());
    }
    assertEquals(20, ports.size());
    assertEquals(Imei.of(Imei.SEED_TAC, 500_000), sim.imeis().get(0));
  }

  @Test
  void answersReadsInTextAndTlvAsTheRealClient() {
    sim = sim(1).radio(i -> new RadioReport(4660L + i, -101, 3)).build();
    await(sim.start());
    String ep = sim.imeis().get(0).value();
    FotaTarget t = server.fleet().target(ep).orElseThrow();
    assertEquals(A03, await(t.readFirmwareVersion()));
    assertEquals(new RadioReport(4660L, -101, 3), await(t.readRadio()));
    assertEquals("Quectel", text(await(server.read(ep, "/3/0/0", null))));
    Lwm2mContent tlv = await(server.read(ep, "/3/0/3", ContentFormat.TLV));
    assertEquals(ContentFormat.TLV, tlv.format());
    assertEquals(A03, tlv.asText().orElseThrow());
    Lwm2mContent instance = await(server.read(ep, "/5/0", null));
    assertEquals(ContentFormat.TLV, instance.format());
    assertEquals(UpdateResult.INITIAL, await(t.readUpdateResult()));
    assertThrows(AssertionError.class, () -> await(server.read(ep, "/5/0/2", null)));
    assertThrows(AssertionError.class, () -> await(server.read(ep, "/7/0/1", null)));
  }

  private static String text(Lwm2mContent c) {
    return c.asText().orElseThrow();
  }

  @Test
  void upgradesEachDeviceThroughTheServersFotaSteps() throws Exception {
    BlockingQueue<UpdateResult> outcomes = new LinkedBlockingQueue<>();
    sim =
        sim(3)
            .blockSize(256)
            .listener(
                new DeviceSimulator.Listener() {
                  @Override
                  public void onOutcome(Imei imei, UpdateResult result, String version) {
                    outcomes.add(result);
                  }
                })
            .build();
    await(sim.start());
    PackageContent pkg = content("a04", delta(A03, A04, 5000).encode());
    for (Imei imei : sim.imeis()) {
      assertEquals(UpdateResult.SUCCESS, upgrade(imei, pkg));
      assertEquals(A04, await(target(imei).readFirmwareVersion()));
      SimulatedDevice d = sim.device(imei.value()).orElseThrow();
      assertEquals(A04, d.firmwareVersion());
      assertEquals(pkg.size(), d.downloadedBytes());
      assertTrue(d.registered());
      assertEquals(UpdateResult.SUCCESS, outcomes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }
    SimCounters c = sim.counters();
    assertEquals(3, c.updated());
    assertEquals(0, c.failed());
    assertEquals(3 * ((pkg.size() + 255) / 256), c.blocks());
    assertEquals(3 * pkg.size(), c.bytes());
    assertEquals(0, c.retransmissions());
  }

  @Test
  void followsTheSmallerBlockSizeOfTheServer() throws Exception {
    server.stop();
    server = Lwm2mServer.builder().maxBlockSize(128).build();
    server.start();
    sim = sim(1).blockSize(1024).build();
    await(sim.start());
    PackageContent pkg = content("a04", delta(A03, A04, 1000).encode());
    assertEquals(UpdateResult.SUCCESS, upgrade(sim.imeis().get(0), pkg));
    assertEquals((pkg.size() + 127) / 128, sim.counters().blocks());
  }

  @Test
  void reportsIntegrityFailureForAPackageWhoseDigestIsWrong() throws Exception {
    sim = sim(1).build();
    await(sim.start());
    byte[] bin = delta(A03, A04, 3000).encode();
    bin[bin.length - 1] ^= 1;
    assertEquals(UpdateResult.INTEGRITY_FAILURE, download(sim.imeis().get(0), content("bad", bin)));
    assertEquals(A03, sim.device(sim.imeis().get(0).value()).orElseThrow().firmwareVersion());
    assertEquals(1, sim.counters().failed());
  }

  @Test
  void refusesADeltaForAnotherVersionWithResultSix() throws Exception {
    sim = sim(1).build();
    await(sim.start());
    byte[] bin = delta("BC35GJBR01A02", A04, 3000).encode();
    assertEquals(
        UpdateResult.UNSUPPORTED_PACKAGE_TYPE, download(sim.imeis().get(0), content("b", bin)));
  }

  @Test
  void reportsNotEnoughFlashWhenSize2ExceedsIt() throws Exception {
    sim = sim(2).flashBytes(i -> i == 0 ? 1000 : 1 << 20).build();
    await(sim.start());
    PackageContent pkg = content("a04", delta(A03, A04, 3000).encode());
    assertEquals(UpdateResult.NOT_ENOUGH_FLASH, download(sim.imeis().get(0), pkg));
    assertEquals(UpdateResult.SUCCESS, upgrade(sim.imeis().get(1), pkg));
  }

  @Test
  void reportsADownloadTheServerForbidsAsUpdateFailed() throws Exception {
    sim = sim(1).build();
    await(sim.start());
    Imei imei = sim.imeis().get(0);
    FotaTarget t = target(imei);
    States states = new States();
    await(t.observeState(states::add));
    String uri = server.fleet().publish(content("a04", delta(A03, A04, 2000).encode()));
    await(t.writePackageUri(uri)); // not allowed: 4.03 on the first block
    states.await(FirmwareState.IDLE);
    assertEquals(UpdateResult.UPDATE_FAILED, await(t.readUpdateResult()));
  }

  @Test
  void sendsRegistrationUpdatesThatWakeTheDevices() {
    sim = sim(5).build();
    await(sim.start());
    Set<String> awake = java.util.concurrent.ConcurrentHashMap.newKeySet();
    server.fleet().addListener((ep, reason) -> awake.add(ep + " " + reason));
    await(sim.updateRegistrations());
    for (Imei imei : sim.imeis()) {
      assertTrue(awake.contains(imei.value() + " REGISTRATION_UPDATED"), awake::toString);
    }
  }

  @Test
  void updatesTheRegistrationAtEightyPercentOfTheLifetimeOnTheInjectedScheduler()
      throws InterruptedException {
    VirtualScheduler clock = new VirtualScheduler();
    sim = sim(2).lifetime(Duration.ofSeconds(100)).scheduler(clock).build();
    await(sim.start());
    BlockingQueue<String> updated = new LinkedBlockingQueue<>();
    server
        .fleet()
        .addListener(
            (ep, reason) -> {
              if (reason == FotaFleet.AwakeReason.REGISTRATION_UPDATED) {
                updated.add(ep);
              }
            });
    clock.advance(Duration.ofSeconds(79));
    assertTrue(updated.isEmpty(), updated::toString);
    clock.advance(Duration.ofSeconds(1));
    Set<String> eps = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      String ep = updated.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(ep != null, "no registration update");
      eps.add(ep);
    }
    assertEquals(Set.of(sim.imeis().get(0).value(), sim.imeis().get(1).value()), eps);
  }

  @Test
  void refusesAnImeiRangePastTheLastSerial() {
    DeviceSimulator.Builder b =
        sim(10).firstImei(Imei.of(Imei.SEED_TAC, 999_995)).server(server.localAddress());
    assertThrows(EmulatorException.class, b::build);
    assertThrows(IllegalStateException.class, () -> DeviceSimulator.builder().build());
    assertThrows(EmulatorException.class, () -> DeviceSimulator.builder().blockSize(100));
  }

  @Test
  void countsTheSimulatorThreadsCpuTime() {
    sim = sim(10).build();
    await(sim.start());
    assertNotEquals(Duration.ZERO, sim.threadCpuTime());
  }

  // ---------------------------------------------------------------- helpers

  private FotaTarget target(Imei imei) {
    return server.fleet().target(imei.value()).orElseThrow();
  }

  /** The observed /5/0/3 states. */
  static final class States {
    final BlockingQueue<FirmwareState> queue = new LinkedBlockingQueue<>();

    void add(FirmwareState s) {
      queue.add(s);
    }

    void await(FirmwareState want) throws InterruptedException {
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

  /** Steps 2 to 7: version, radio, observe, URI, download; returns the result after IDLE. */
  private UpdateResult download(Imei imei, PackageContent pkg) throws InterruptedException {
    States states = start(imei, pkg);
    states.await(FirmwareState.DOWNLOADING);
    states.await(FirmwareState.IDLE);
    UpdateResult r = await(target(imei).readUpdateResult());
    await(target(imei).cancelObservation());
    return r;
  }

  private States start(Imei imei, PackageContent pkg) {
    FotaTarget t = target(imei);
    await(t.readFirmwareVersion());
    await(t.readRadio());
    States states = new States();
    await(t.observeState(states::add));
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(imei.value(), pkg.id());
    await(t.writePackageUri(uri));
    return states;
  }

  /** The whole flow; returns /5/0/5 after the final IDLE. */
  private UpdateResult upgrade(Imei imei, PackageContent pkg) throws InterruptedException {
    States states = start(imei, pkg);
    states.await(FirmwareState.DOWNLOADED);
    await(target(imei).executeUpdate());
    states.await(FirmwareState.UPDATING);
    states.await(FirmwareState.IDLE);
    UpdateResult r = await(target(imei).readUpdateResult());
    await(target(imei).cancelObservation());
    return r;
  }

  static EmulatedPackage delta(String from, String to, int size) {
    byte[] body = new byte[size];
    new java.util.Random(size).nextBytes(body);
    return new EmulatedPackage(from, to, EmulatedPackage.Bytes.copyOf(body));
  }

  static PackageContent content(String id, byte[] bytes) {
    String sha;
    try {
      sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
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

  static List<Imei> first(DeviceSimulator s, int n) {
    return s.imeis().subList(0, n);
  }
}
