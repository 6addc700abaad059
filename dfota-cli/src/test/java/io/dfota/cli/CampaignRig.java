package io.dfota.cli;

import io.dfota.platform.CampaignListener;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.StageTimeouts;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.TaskStatus;
import io.dfota.platform.UpgradeTask;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real platform for the reliability tests (docs/reliability/crash.md): {@link EmbeddedPlatform}
 * (H2 store, LwM2M server on loopback, campaign engine on wall-clock time) loaded with the seed's
 * Profile, key and signed package, recording every device row it reports.
 */
final class CampaignRig implements AutoCloseable {

  /**
   * Stage timeouts short enough for a test, long enough never to fire in a correct run on a loaded
   * machine: a run that needs one of them is a bug the tests must see.
   */
  static final StageTimeouts TIMEOUTS =
      new StageTimeouts(
          Duration.ofMinutes(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMinutes(2));

  final EmbeddedPlatform platform;
  final Map<String, List<DeviceRun>> rows = new ConcurrentHashMap<>();
  final CompletableFuture<TaskCounters> finished = new CompletableFuture<>();

  /** Starts a platform on the data directory (resuming its tasks) and loads the seed's package. */
  CampaignRig(Path data, int port, Seed.Prepared prepared) {
    this(data, port);
    load(prepared);
  }

  /** Starts a platform on the data directory, resuming its tasks. */
  CampaignRig(Path data, int port) {
    platform =
        EmbeddedPlatform.start(
            data,
            InetAddress.getLoopbackAddress(),
            port,
            new CampaignListener() {
              @Override
              public void onDevice(DeviceRun run) {
                rows.computeIfAbsent(run.imei(), k -> new CopyOnWriteArrayList<>()).add(run);
              }

              @Override
              public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
                if (status.finished()) {
                  finished.complete(counters);
                }
              }
            });
  }

  /** Imports the Profile and the public key, and uploads the signed package. */
  FirmwarePackage load(Seed.Prepared prepared) {
    platform.catalog().importProfile(Seed.PROFILE).orThrow();
    platform.catalog().uploadKey(Seed.MANUFACTURER, prepared.publicPem()).orThrow();
    return platform
        .catalog()
        .uploadPackage(
            new PackageUpload(
                prepared.signedZip(),
                Seed.TO_VERSION,
                Seed.DEVICE_TYPE,
                Seed.MANUFACTURER,
                Seed.MODEL,
                Seed.PROTOCOL))
        .orThrow();
  }

  static Device device(String imei) {
    return new Device(UUID.nameUUIDFromBytes(imei.getBytes(StandardCharsets.US_ASCII)), imei);
  }

  UpgradeTask task(List<String> imeis, RetryPolicy retry) {
    return task(imeis, retry, ExecutePolicy.now());
  }

  UpgradeTask task(List<String> imeis, RetryPolicy retry, ExecutePolicy execute) {
    FirmwarePackage pkg = platform.catalog().packages().get(0);
    List<Device> devices = new ArrayList<>();
    imeis.forEach(i -> devices.add(device(i)));
    return platform
        .engine()
        .createTask(
            TaskRequest.builder()
                .name("reliability")
                .packageId(pkg.id())
                .devices(devices)
                .retry(retry)
                .execute(execute)
                .timeouts(TIMEOUTS)
                .build())
        .orThrow();
  }

  /** The rows reported for a device, as "STATUS stage: description" lines. */
  List<String> story(String imei) {
    List<String> out = new ArrayList<>();
    for (DeviceRun r : rows.getOrDefault(imei, List.of())) {
      out.add(r.status() + " " + r.stage() + ": " + r.description());
    }
    return out;
  }

  @Override
  public void close() {
    platform.close();
  }
}
