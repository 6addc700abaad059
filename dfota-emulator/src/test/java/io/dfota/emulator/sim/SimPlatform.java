package io.dfota.emulator.sim;

import io.dfota.core.Scheduler;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.Imei;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.CoveragePolicy;
import io.dfota.platform.Device;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.StageTimeouts;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.TaskStatus;
import io.dfota.platform.UpgradeTask;
import io.dfota.signing.PackageSigner;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The real platform role in one JVM for the simulator's tests and benchmark: an in-memory store, a
 * {@link Catalog} with the seed's profile and a manufacturer key, the dfota-lwm2m {@link
 * Lwm2mServer} on loopback and the {@link CampaignEngine} over its fleet (protocol-notes §4.2).
 */
final class SimPlatform implements AutoCloseable {
  static final String PROFILE =
      "{\"devices\": [{\"manufacturerId\": \"Quectel\", \"manufacturerName\": \"Quectel\","
          + " \"model\": \"NBIoTDevice\", \"protocolType\": \"CoAP\", \"deviceType\":"
          + " \"WaterMeter\", \"omCapability\": {\"upgradeCapability\": {\"supportUpgrade\":"
          + " false}, \"fwUpgradeCapability\": {\"supportUpgrade\": true,"
          + " \"upgradeProtocolType\": \"LWM2M\", \"downloadProtocolType\": \"CoAP\"}}}]}";

  /** Caps of 10 000 devices per cell: the per-cell concurrency limit is off. */
  static final CoveragePolicy NO_CAP =
      new CoveragePolicy(-105, -115, -125, 7, -3, 10_000, 10_000, 10_000, 10_000);

  final Path dir;
  final ScheduledExecutorService executor;
  final Scheduler scheduler;
  final CampaignStore store;
  final Catalog catalog;
  final Lwm2mServer server;
  final CampaignEngine engine;
  private final KeyPair keys;
  private static KeyPair sharedKeys;
  private final Map<String, CompletableFuture<TaskCounters>> finished = new ConcurrentHashMap<>();
  private int groups;

  SimPlatform(Path dir, Lwm2mServer.Builder serverBuilder) throws IOException {
    this.dir = dir;
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "platform-timer");
              t.setDaemon(true);
              return t;
            });
    scheduler = Scheduler.of(executor);
    store = CampaignStore.inMemory();
    catalog =
        Catalog.builder()
            .store(store)
            .dataDir(dir.resolve("packages"))
            .scheduler(scheduler)
            .build();
    catalog.importProfile(PROFILE).orThrow();
    keys = keys();
    catalog.uploadKey("Quectel", PemKeys.publicKeyPem(keys.getPublic())).orThrow();
    server = serverBuilder.scheduler(scheduler).build();
    server.start();
    engine =
        CampaignEngine.builder()
            .store(store)
            .catalog(catalog)
            .fleet(server.fleet())
            .scheduler(scheduler)
            .listener(
                new CampaignListener() {
                  @Override
                  public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
                    if (status.finished()) {
                      finished
                          .computeIfAbsent(taskId, k -> new CompletableFuture<>())
                          .complete(counters);
                    }
                  }
                })
            .build();
    engine.start();
  }

  /** One manufacturer key pair per JVM: RSA key generation is slow on a loaded machine. */
  private static synchronized KeyPair keys() {
    if (sharedKeys == null) {
      sharedKeys = PemKeys.generate(SignatureAlgorithm.RSA2048_SHA256);
    }
    return sharedKeys;
  }

  /** Signs and uploads a {@code .bin} as the package of {@code version}. */
  FirmwarePackage upload(byte[] bin, String from, String version) throws IOException {
    Path d = Files.createDirectories(dir.resolve("upload-" + version));
    Path file = d.resolve(from + "_TO_" + version + ".bin");
    Files.write(file, bin);
    Path zip =
        PackageSigner.builder()
            .privateKey(keys.getPrivate())
            .manufacturer("Quectel")
            .build()
            .sign(Packager.zipBinary(file));
    return catalog
        .uploadPackage(
            new PackageUpload(zip, version, "WaterMeter", "Quectel", "NBIoTDevice", "CoAP"))
        .orThrow();
  }

  /** An emulated delta {@code from} → {@code to} with a random payload. */
  static EmulatedPackage delta(String from, String to, int payloadBytes) {
    byte[] body = new byte[payloadBytes];
    new java.util.Random(payloadBytes).nextBytes(body);
    return new EmulatedPackage(from, to, EmulatedPackage.Bytes.copyOf(body));
  }

  /** Creates a group of the devices and a task "now" over it. */
  UpgradeTask task(List<Imei> imeis, FirmwarePackage pkg, CoveragePolicy coverage) {
    return task(
        imeis,
        pkg,
        coverage,
        new StageTimeouts(
            Duration.ofMinutes(30),
            Duration.ofMinutes(3),
            Duration.ofMinutes(60),
            Duration.ofMinutes(30)));
  }

  /** Creates a group of the devices and a task "now" over it, with the given stage timeouts. */
  UpgradeTask task(
      List<Imei> imeis, FirmwarePackage pkg, CoveragePolicy coverage, StageTimeouts timeouts) {
    String group = "SIM-" + (++groups);
    List<Device> devices = new ArrayList<>(imeis.size());
    for (Imei imei : imeis) {
      devices.add(new Device(UUID.nameUUIDFromBytes(imei.value().getBytes()), imei.value()));
    }
    catalog.createGroup(group).orThrow();
    catalog.bind(group, devices).orThrow();
    UpgradeTask t =
        engine
            .createTask(
                TaskRequest.builder()
                    .name("sim " + group)
                    .packageId(pkg.id())
                    .group(group)
                    .retry(RetryPolicy.none())
                    .execute(ExecutePolicy.now())
                    .timeouts(timeouts)
                    .coverage(coverage)
                    .build())
            .orThrow();
    finished.computeIfAbsent(t.id(), k -> new CompletableFuture<>());
    return t;
  }

  /** Waits until the task finished and returns its details. */
  TaskDetails await(UpgradeTask t, Duration timeout) throws Exception {
    CompletableFuture<TaskCounters> f =
        finished.computeIfAbsent(t.id(), k -> new CompletableFuture<>());
    f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return engine.details(t.id()).orElseThrow();
  }

  @Override
  public void close() {
    engine.close();
    server.stop();
    store.close();
    executor.shutdownNow();
  }
}
