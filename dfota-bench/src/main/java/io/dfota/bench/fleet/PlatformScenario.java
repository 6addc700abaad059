package io.dfota.bench.fleet;

import io.dfota.core.FirmwareState;
import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.core.UpdateResult;
import io.dfota.emulator.Imei;
import io.dfota.emulator.sim.DeviceSimulator;
import io.dfota.emulator.sim.SimCounters;
import io.dfota.emulator.sim.SimulatedDevice;
import io.dfota.lwm2m.ClientListener;
import io.dfota.lwm2m.Lwm2mClient;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.CoveragePolicy;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.UpgradeTask;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform side of one configuration: the platform role (dfota-lwm2m server, campaign engine,
 * catalogue, in-memory campaign store) and N dfota-lwm2m clients (the CoAP side of emulated
 * modules, each on its own loopback UDP port from the OS) in this JVM; the signed package uploaded
 * through the catalogue; one task over all N with the device-online policy; every device woken by
 * an uplink on {@code /19/0/0} (protocol-notes §1.2, §4.2); measured until the last device has its
 * final result.
 */
final class PlatformScenario {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformScenario.class);

  /** The seed's uplink that wakes a device: {@code AT+QLWULDATA=3,313233}. */
  static final byte[] UPLINK = "123".getBytes(StandardCharsets.US_ASCII);

  /** The first cell id the devices report. */
  static final long CELL_BASE = 0x1234;

  /** Caps high enough never to bind: CoveragePolicy's maximum per cell and level. */
  static final CoveragePolicy UNCAPPED =
      new CoveragePolicy(-105, -115, -125, 7, -3, 10_000, 10_000, 10_000, 10_000);

  private static final String GROUP = "bench";

  /** What the platform side measured. */
  record Outcome(
      int devices,
      int upgraded,
      int failed,
      int integrityOk,
      double elapsedSeconds,
      Histogram latencyMicros,
      CoapTraffic.Snapshot server,
      CoapTraffic.Snapshot clients,
      long heapCalibrationPre,
      long heapCalibrationRegistered,
      long heapPre,
      long heapRegistered,
      long heapTask,
      long heapRunning,
      int runningAtProbe,
      long heapEnd,
      long heapDeregistered,
      double probePauseSeconds,
      long processCpuNanos,
      long platformCpuNanos,
      int platformThreads,
      int peakThreads,
      long udpRcvbufErrors) {}

  private PlatformScenario() {}

  /**
   * Runs the platform side.
   *
   * @param cfg the configuration
   * @param pkg the signed package
   * @param dir a fresh directory for the catalogue's files
   * @param runningHeapProbe whether to measure the heap once mid-run (full GCs pause the run)
   * @param calibrate whether to measure first what the same clients hold at a null registrar
   * @return the measures
   */
  static Outcome run(
      FleetConfig cfg, SignedPackage pkg, Path dir, boolean runningHeapProbe, boolean calibrate)
      throws InterruptedException, ExecutionException, TimeoutException {
    int n = cfg.devices();
    long[] calibration = calibrate && !cfg.sim() ? calibrate(cfg, pkg) : new long[] {-1, -1};
    Set<Long> threadsBefore = JvmProbes.liveThreadIds();
    ScheduledExecutorService platformExec =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-platform"));
    Scheduler scheduler = Scheduler.of(platformExec);
    CampaignStore store = CampaignStore.inMemory();
    Lwm2mServer server =
        Lwm2mServer.builder()
            .scheduler(scheduler)
            .protocolThreads(cfg.serverThreads())
            .maxRegistrations(Math.max(n, 1000))
            .build();
    Tracker tracker = new Tracker(n);
    ScheduledExecutorService deviceExec =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-devices-timer"));
    List<Lwm2mClient> clients = new ArrayList<>();
    List<DigestingPackageStore> flashes = new ArrayList<>();
    DeviceSimulator sim = null;
    List<String> names = new ArrayList<>();
    CampaignEngine engine = null;
    try {
      Catalog catalog =
          Catalog.builder()
              .store(store)
              .dataDir(dir.resolve("platform"))
              .scheduler(scheduler)
              .build();
      server.start();
      engine =
          CampaignEngine.builder()
              .store(store)
              .catalog(catalog)
              .fleet(server.fleet())
              .scheduler(scheduler)
              .listener(tracker)
              .build();
      engine.start();
      ping(server.localAddress());
      Set<Long> platformThreads = new HashSet<>(JvmProbes.liveThreadIds());
      platformThreads.removeAll(threadsBefore);

      catalog.importProfile(SignedPackage.PROFILE).orThrow();
      catalog.uploadKey(SignedPackage.MANUFACTURER, pkg.publicPem()).orThrow();
      FirmwarePackage fw =
          catalog
              .uploadPackage(
                  new PackageUpload(
                      pkg.signedZip(),
                      SignedPackage.TO_VERSION,
                      SignedPackage.DEVICE_TYPE,
                      SignedPackage.MANUFACTURER,
                      SignedPackage.MODEL,
                      SignedPackage.PROTOCOL))
              .orThrow();
      long heapPre = JvmProbes.usedHeapAfterGc();

      long deadline = System.nanoTime() + cfg.timeout().toNanos();
      if (cfg.sim()) {
        sim = simulator(cfg, server.localAddress(), tracker);
        for (Imei imei : sim.imeis()) {
          names.add(imei.value());
        }
        awaitAll(List.of(sim.start()), deadline, "registrations");
      } else {
        for (int i = 0; i < n; i++) {
          names.add(imei(i));
        }
        startClients(
            cfg, pkg, server.localAddress(), tracker, clients, flashes, deviceExec, deadline);
      }
      long heapRegistered = JvmProbes.usedHeapAfterGc();
      LOG.info("{} devices registered and observed", n);

      List<Device> group = new ArrayList<>();
      for (String name : names) {
        group.add(new Device(UUID.randomUUID(), name));
      }
      catalog.createGroup(GROUP).orThrow();
      catalog.bind(GROUP, group).orThrow();
      UpgradeTask task =
          engine
              .createTask(
                  TaskRequest.builder()
                      .name("fleet benchmark")
                      .packageId(fw.id())
                      .group(GROUP)
                      .execute(ExecutePolicy.deviceOnline())
                      .coverage(cfg.cap() ? CoveragePolicy.defaults() : UNCAPPED)
                      .build())
              .orThrow();
      long heapTask = JvmProbes.usedHeapAfterGc();

      CampaignEngine running = engine;
      AtomicLong heapRunning = new AtomicLong(-1);
      AtomicInteger runningAtProbe = new AtomicInteger(-1);
      AtomicLong probeNanos = new AtomicLong();
      Thread probe = null;
      if (runningHeapProbe) {
        probe =
            daemon(
                () -> {
                  try {
                    if (tracker.halfStarted.await(cfg.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        && tracker.done.getCount() > 0) {
                      long t = System.nanoTime();
                      heapRunning.set(JvmProbes.usedHeapAfterGc());
                      probeNanos.set(System.nanoTime() - t);
                      runningAtProbe.set(
                          running.details(task.id()).map(d -> d.counters().running()).orElse(-1));
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "bench-heap-probe");
        probe.start();
      }

      CoapTraffic.reset();
      SimCounters sim0 = sim == null ? null : sim.counters();
      int peakThreads = JvmProbes.threadCount();
      long cpu0 = JvmProbes.processCpuNanos();
      long platformCpu0 = JvmProbes.threadCpuNanos(platformThreads);
      long rcvbuf0 = JvmProbes.udpRcvbufErrors();
      long t0 = System.nanoTime();
      if (sim != null) {
        // a registration update wakes a device (REGISTRATION_UPDATED): the simulator has no uplink
        for (String name : names) {
          tracker.woke(name);
        }
        sim.updateRegistrations();
      } else {
        for (int i = 0; i < n; i++) {
          tracker.woke(imei(i));
          if (!clients.get(i).sendUplink(UPLINK)) {
            LOG.warn("{}: uplink not observed, not woken", imei(i));
          }
        }
      }
      boolean finished =
          tracker.done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      long t1 = System.nanoTime();
      long rcvbuf1 = JvmProbes.udpRcvbufErrors();
      long cpu1 = JvmProbes.processCpuNanos();
      long platformCpu1 = JvmProbes.threadCpuNanos(platformThreads);
      peakThreads = Math.max(peakThreads, JvmProbes.threadCount());
      CoapTraffic.Snapshot serverTraffic = CoapTraffic.snapshot(CoapTraffic.Role.PLATFORM_SERVER);
      CoapTraffic.Snapshot clientTraffic =
          sim != null && sim0 != null
              ? BaselineScenario.simTraffic(sim0, sim.counters())
              : CoapTraffic.snapshot(CoapTraffic.Role.PLATFORM_DEVICES);
      if (probe != null) {
        probe.interrupt();
        probe.join(TimeUnit.MINUTES.toMillis(1));
      }
      if (!finished) {
        LOG.warn("timed out after {} with {} devices unfinished", cfg.timeout(), tracker.done);
      }
      TaskCounters counters =
          engine.details(task.id()).map(d -> d.counters()).orElseThrow(IllegalStateException::new);
      int integrityOk = 0;
      for (DigestingPackageStore f : flashes) {
        if (f.size() == pkg.size() && f.sha256Hex().equals(pkg.sha256Hex())) {
          integrityOk++;
        }
      }
      if (sim != null) {
        // a simulated device checks the QDFE length and SHA-256 and moves /3/0/3 only when good
        for (SimulatedDevice d : sim.snapshot().get(1, TimeUnit.MINUTES)) {
          if (d.firmwareVersion().equals(SignedPackage.TO_VERSION)) {
            integrityOk++;
          }
        }
      }
      long heapEnd = JvmProbes.usedHeapAfterGc();
      if (Boolean.getBoolean("dfota.bench.histogram")) {
        LOG.info("live objects after the task:\n{}", JvmProbes.classHistogram(30));
      }
      List<CompletableFuture<Void>> gone = new ArrayList<>();
      for (Lwm2mClient c : clients) {
        gone.add(c.deregister());
      }
      if (sim != null) {
        // the simulator does not de-register (a close is a power-off)
        sim.close();
      }
      awaitAll(gone, System.nanoTime() + TimeUnit.MINUTES.toNanos(2), "de-registrations");
      long heapDeregistered = JvmProbes.usedHeapAfterGc();
      return new Outcome(
          n,
          counters.success(),
          counters.failed() + counters.stopped() + counters.waiting() + counters.running(),
          integrityOk,
          (t1 - t0 - probeNanos.get()) / 1e9,
          tracker.latency,
          serverTraffic,
          clientTraffic,
          calibration[0],
          calibration[1],
          heapPre,
          heapRegistered,
          heapTask,
          heapRunning.get(),
          runningAtProbe.get(),
          heapEnd,
          heapDeregistered,
          probeNanos.get() / 1e9,
          cpu1 - cpu0,
          platformCpu1 - platformCpu0,
          platformThreads.size(),
          peakThreads,
          rcvbuf1 - rcvbuf0);
    } finally {
      stopAll(clients);
      if (sim != null) {
        sim.close();
      }
      if (engine != null) {
        engine.close();
      }
      server.stop();
      store.close();
      deviceExec.shutdownNow();
      platformExec.shutdownNow();
    }
  }

  /** Builds N dfota-lwm2m clients, starts them and waits until each is registered and observed. */
  private static void startClients(
      FleetConfig cfg,
      SignedPackage pkg,
      InetSocketAddress server,
      Tracker tracker,
      List<Lwm2mClient> clients,
      List<DigestingPackageStore> flashes,
      ScheduledExecutorService deviceExec,
      long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    int n = cfg.devices();
    // the devices: each its own endpoint and port, sharing one timer thread
    Scheduler deviceScheduler = Scheduler.of(deviceExec);
    List<CompletableFuture<Void>> observed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DigestingPackageStore flash = new DigestingPackageStore(pkg.size() + 1024L);
      CompletableFuture<Void> uplinkObserved = new CompletableFuture<>();
      observed.add(uplinkObserved);
      flashes.add(flash);
      clients.add(
          client(cfg, i, server, flash, deviceScheduler, uplinkObserved)
              .listener(
                  new ClientListener() {
                    @Override
                    public void onPackageUriReceived(String uri) {
                      tracker.uriReceived();
                    }
                  })
              .build());
    }
    List<CompletableFuture<Void>> registered = new ArrayList<>();
    for (Lwm2mClient c : clients) {
      registered.add(c.start());
    }
    awaitAll(registered, deadline, "registrations");
    awaitAll(observed, deadline, "/19/0/0 observations");
  }

  /** Builds the N devices as one simulator (not started); DOWNLOADING counts as URI received. */
  private static DeviceSimulator simulator(
      FleetConfig cfg, InetSocketAddress server, Tracker tracker) {
    return DeviceSimulator.builder()
        .server(server)
        .devices(cfg.devices())
        .firmwareVersion(SignedPackage.FROM_VERSION)
        .blockSize(cfg.block())
        .coapTiming(Duration.ofSeconds(2), 4)
        .radio(i -> new RadioReport(CELL_BASE + (i % cfg.cells()), -90, 10))
        .registrationWindow(256)
        .listener(
            new DeviceSimulator.Listener() {
              @Override
              public void onStateChanged(Imei imei, FirmwareState state, UpdateResult result) {
                if (state == FirmwareState.DOWNLOADING) {
                  tracker.uriReceived();
                }
              }
            })
        .build();
  }

  /**
   * Builds device i's client: its IMEI, cell, Block2 size and flash; on the shared timer.
   *
   * @return the builder, for more listeners
   */
  private static Lwm2mClient.Builder client(
      FleetConfig cfg,
      int i,
      InetSocketAddress server,
      DigestingPackageStore flash,
      Scheduler scheduler,
      CompletableFuture<Void> uplinkObserved) {
    long cell = CELL_BASE + (i % cfg.cells());
    return Lwm2mClient.builder()
        .endpoint(imei(i))
        .server(server)
        .firmwareVersion(SignedPackage.FROM_VERSION)
        .blockSize(cfg.block())
        .packageStore(flash)
        .scheduler(scheduler)
        .radio(() -> new RadioReport(cell, -90, 10))
        .listener(
            new ClientListener() {
              @Override
              public void onUplinkObserved() {
                uplinkObserved.complete(null);
              }
            });
  }

  /**
   * Registers the same N clients at a {@link NullRegistrar} and returns the used heap before and
   * with them registered, so that what the clients hold can be told from what the platform holds.
   */
  private static long[] calibrate(FleetConfig cfg, SignedPackage pkg)
      throws InterruptedException, ExecutionException, TimeoutException {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-calibration-timer"));
    List<Lwm2mClient> clients = new ArrayList<>();
    try (NullRegistrar registrar = new NullRegistrar(BaselineScenario.configuration(cfg, 1))) {
      long before = JvmProbes.usedHeapAfterGc();
      Scheduler scheduler = Scheduler.of(timer);
      List<CompletableFuture<Void>> registered = new ArrayList<>();
      for (int i = 0; i < cfg.devices(); i++) {
        Lwm2mClient c =
            client(
                    cfg,
                    i,
                    registrar.address(),
                    new DigestingPackageStore(pkg.size() + 1024L),
                    scheduler,
                    new CompletableFuture<>())
                .build();
        clients.add(c);
        registered.add(c.start());
      }
      awaitAll(registered, System.nanoTime() + cfg.timeout().toNanos(), "calibration");
      long with = JvmProbes.usedHeapAfterGc();
      stopAll(clients);
      return new long[] {before, with};
    } finally {
      stopAll(clients);
      timer.shutdownNow();
    }
  }

  /** Stops clients in parallel (each de-registers first when still registered) and forgets them. */
  private static void stopAll(List<Lwm2mClient> clients) {
    clients.parallelStream()
        .forEach(
            c -> {
              try {
                c.stop();
              } catch (RuntimeException e) {
                LOG.debug("stopping a client failed", e);
              }
            });
    clients.clear();
  }

  /** Returns device i's IMEI (the seed's TAC 86772503, serial i). */
  static String imei(int i) {
    return String.format("86772503%07d", i);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Sends a CoAP ping (an empty CON, RFC 7252 §4.3) from a plain socket, so that the server's
   * Californium threads exist before the platform's threads are listed.
   */
  private static void ping(InetSocketAddress server) {
    try (DatagramSocket s = new DatagramSocket(0, server.getAddress())) {
      s.setSoTimeout(2000);
      byte[] ping = {0x40, 0x00, 0x12, 0x34};
      s.send(new DatagramPacket(ping, ping.length, server));
      s.receive(new DatagramPacket(new byte[64], 64));
    } catch (IOException e) {
      LOG.info("CoAP ping of the server failed: {}", e.toString());
    }
  }

  static void awaitAll(List<CompletableFuture<Void>> futures, long deadlineNanos, String what)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      long pending = futures.stream().filter(f -> !f.isDone()).count();
      throw new TimeoutException(what + ": " + pending + " of " + futures.size() + " pending");
    }
  }

  /** Wake times, final results and the latency histogram. */
  private static final class Tracker implements CampaignListener {
    final Map<String, Long> wakes = new ConcurrentHashMap<>();
    final Set<String> finals = ConcurrentHashMap.newKeySet();
    final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(2), 3);
    final CountDownLatch done;
    final CountDownLatch halfStarted;

    Tracker(int n) {
      this.done = new CountDownLatch(n);
      this.halfStarted = new CountDownLatch((n + 1) / 2);
    }

    void woke(String imei) {
      wakes.put(imei, System.nanoTime());
    }

    void uriReceived() {
      halfStarted.countDown();
    }

    @Override
    public void onDevice(DeviceRun run) {
      DeviceStatus s = run.status();
      if (s != DeviceStatus.SUCCESS && s != DeviceStatus.FAILED && s != DeviceStatus.STOPPED) {
        return;
      }
      if (!finals.add(run.imei())) {
        return;
      }
      Long woke = wakes.get(run.imei());
      if (woke != null) {
        latency.recordValue(
            Math.min(latency.getHighestTrackableValue(), (System.nanoTime() - woke) / 1000));
      }
      done.countDown();
    }
  }
}
