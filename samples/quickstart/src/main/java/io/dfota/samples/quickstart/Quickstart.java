package io.dfota.samples.quickstart;

import io.dfota.at.HexPayload;
import io.dfota.core.Scheduler;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.Fleet;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.RetryPolicy;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hello world for the platform role: sign an emulated delta package, start a platform (catalogue,
 * campaign engine, LwM2M server on 127.0.0.1), register the seed's profile, the public key and the
 * package, start a few emulated modules with their MCU drivers, put them in a group, create a batch
 * task, let each MCU send the seed's uplink ({@code AT+QLWULDATA=3,313233}) and print the task's
 * outcome (protocol-notes §1.1, §1.2).
 *
 * <p>Run: {@code java io.dfota.samples.quickstart.Quickstart [devices]} (default 3).
 */
public final class Quickstart {
  /** The seed's versions (protocol-notes §1.1). */
  static final String FROM = "BC35GJBR01A03";

  static final String TO = "BC35GJBR01A04";

  /** The seed's profile with the OM capability block that firmware upgrades need (§1.1). */
  static final String PROFILE =
      "{\"devices\": [{\"manufacturerId\": \"Quectel\", \"manufacturerName\": \"Quectel\","
          + " \"model\": \"NBIoTDevice\", \"protocolType\": \"CoAP\", \"deviceType\":"
          + " \"WaterMeter\", \"omCapability\": {\"upgradeCapability\": {\"supportUpgrade\":"
          + " false}, \"fwUpgradeCapability\": {\"supportUpgrade\": true,"
          + " \"upgradeProtocolType\": \"LWM2M\", \"downloadProtocolType\": \"CoAP\"}}}]}";

  private Quickstart() {}

  /**
   * Entry point; exits with status 0 when every module was upgraded.
   *
   * @param args optional number of modules
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path dir = Files.createTempDirectory("dfota-quickstart-");
    TaskDetails details = run(devices, dir, Duration.ofMinutes(5));
    System.exit(details.counters().success() == devices ? 0 : 1);
  }

  /**
   * The body of {@link #main}.
   *
   * @param devices how many emulated modules
   * @param dir a writable directory for the package files
   * @param timeout how long to wait for the task to finish
   * @return the task's details (the seed's Figure 16 fields and per-device rows)
   * @throws Exception if the run fails
   */
  public static TaskDetails run(int devices, Path dir, Duration timeout) throws Exception {
    KeyPair keys = PemKeys.generate(SignatureAlgorithm.RSA2048_SHA256); // the signtool's keys
    Path signedZip = signedDeltaPackage(dir, keys);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    Scheduler scheduler = Scheduler.of(executor); // every platform timer runs on it
    CompletableFuture<TaskStatus> finished = new CompletableFuture<>();
    // README:begin platform
    CampaignStore store = CampaignStore.inMemory(); // or CampaignStore.h2(dataDir)
    Catalog catalog =
        Catalog.builder()
            .store(store)
            .dataDir(dir.resolve("packages"))
            .scheduler(scheduler)
            .build();
    catalog.importProfile(PROFILE).orThrow(); // the seed's Profile JSON with omCapability
    catalog.uploadKey("Quectel", PemKeys.publicKeyPem(keys.getPublic())).orThrow();
    FirmwarePackage pkg =
        catalog
            .uploadPackage( // verified, and matched field by field against the Profile
                new PackageUpload(signedZip, TO, "WaterMeter", "Quectel", "NBIoTDevice", "CoAP"))
            .orThrow();
    Lwm2mServer server = Lwm2mServer.builder().scheduler(scheduler).build(); // 127.0.0.1, any port
    server.start();
    CampaignEngine engine =
        CampaignEngine.builder()
            .store(store)
            .catalog(catalog)
            .fleet(server.fleet()) // the LwM2M server drives each module's Object 5
            .scheduler(scheduler)
            .listener(
                new CampaignListener() {
                  @Override
                  public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
                    if (status.finished()) {
                      finished.complete(status);
                    }
                  }
                })
            .build();
    engine.start(); // resumes the stored tasks
    // README:end platform
    try (Fleet fleet =
        Fleet.builder().count(devices).server(server.localAddress()).revision(FROM).build()) {
      fleet.start().get(timeout.toMillis(), TimeUnit.MILLISECONDS); // registered, MCUs attached
      // README:begin task
      List<Device> devicesOfGroup = new ArrayList<>();
      for (EmulatedModule module : fleet.modules()) { // the device name is the IMEI
        devicesOfGroup.add(new Device(UUID.randomUUID(), module.imei().value()));
      }
      catalog.createGroup("DFOTA").orThrow();
      catalog.bind("DFOTA", devicesOfGroup).orThrow();
      UpgradeTask task =
          engine
              .createTask(
                  TaskRequest.builder()
                      .name("quickstart")
                      .packageId(pkg.id())
                      .group("DFOTA")
                      .retry(RetryPolicy.custom(3, Duration.ZERO)) // the seed's "custom" strategy
                      .execute(ExecutePolicy.deviceOnline()) // start when the device wakes up
                      .build())
              .orThrow();
      // README:end task
      System.out.printf(
          "platform on %s; %d modules in group DFOTA; task %s%n",
          server.localAddress(), devices, task.id());
      for (EmulatedModule module : fleet.modules()) {
        fleet
            .driver(module.imei().value())
            .orElseThrow()
            .sendUplink(HexPayload.fromHex("313233")) // the seed's AT+QLWULDATA=3,313233
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      TaskDetails details = engine.details(task.id()).orElseThrow();
      print(details, fleet);
      return details;
    } finally {
      engine.close();
      server.stop();
      store.close();
      executor.shutdownNow();
    }
  }

  /** Builds the emulated delta A03 → A04 (QDFE/1, docs/emulator.md), zips and signs it. */
  private static Path signedDeltaPackage(Path dir, KeyPair keys) throws IOException {
    byte[] payload = new byte[8 * 1024];
    new java.util.Random(20181130L).nextBytes(payload);
    EmulatedPackage delta = new EmulatedPackage(FROM, TO, EmulatedPackage.Bytes.copyOf(payload));
    Path bin = dir.resolve(FROM + "_TO_" + TO + ".bin");
    Files.write(bin, delta.encode());
    return PackageSigner.builder()
        .privateKey(keys.getPrivate())
        .manufacturer("Quectel")
        .build()
        .sign(Packager.zipBinary(bin));
  }

  private static void print(TaskDetails d, Fleet fleet) {
    System.out.printf(
        "task %s (%s): %s, success rate %.0f%%, total %d / success %d / failure %d%n",
        d.name(),
        d.id(),
        d.status(),
        d.successRate() * 100,
        d.counters().total(),
        d.counters().success(),
        d.counters().failed());
    System.out.printf("firmware %s, version %s%n", d.firmwareName(), d.version());
    for (DeviceRun run : d.devices()) {
      String revision = fleet.module(run.imei()).map(EmulatedModule::revision).orElse("?");
      System.out.printf(
          "  %s  %-8s %s  (now %s)%n", run.imei(), run.status(), run.description(), revision);
    }
  }
}
