package io.dfota.cli;

import io.dfota.emulator.Imei;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.TaskStatus;
import io.dfota.platform.UpgradeTask;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The platform process that {@link PlatformKillTest} starts in a child JVM and kills with SIGKILL:
 * {@link EmbeddedPlatform} (H2 file store, LwM2M server on a fixed loopback port, campaign engine
 * on wall-clock time) as {@code dfota platform} runs it, with the short stage timeouts of {@link
 * CampaignRig#TIMEOUTS}.
 *
 * <p>Arguments: {@code DATA PORT create|resume SIGNED_ZIP PUBLIC_PEM DEVICES FIRST_SERIAL RETRIES}.
 * Prints {@code UP} once the engine has resumed the store's tasks, {@code TASK <id>} once the task
 * exists (create), {@code ROW <imei> <status> <stage>} for every device row it reports, and {@code
 * DONE <total> <success> <failed>} when the task is finished; then it exits.
 */
final class KilledPlatform {

  private KilledPlatform() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(2); // the test sees the end of the output at once
    }
  }

  private static void run(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    boolean create = args[2].equals("create");
    Path signedZip = Path.of(args[3]);
    Path publicPem = Path.of(args[4]);
    int devices = Integer.parseInt(args[5]);
    int firstSerial = Integer.parseInt(args[6]);
    int retries = Integer.parseInt(args[7]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CompletableFuture<TaskCounters> done = new CompletableFuture<>();
    Files.createDirectories(data);
    LogFile log = LogFile.redirect(data);
    long jvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long t0 = System.nanoTime();
    EmbeddedPlatform platform =
        EmbeddedPlatform.start(
            data,
            InetAddress.getLoopbackAddress(),
            port,
            new CampaignListener() {
              @Override
              public void onDevice(DeviceRun run) {
                out.println("ROW " + run.imei() + " " + run.status() + " " + run.stage());
              }

              @Override
              public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
                if (status.finished()) {
                  done.complete(counters);
                }
              }
            });
    out.println(
        "UP after "
            + jvm
            + " ms of JVM start and "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms of platform start");
    if (create) {
      platform.catalog().importProfile(Seed.PROFILE).orThrow();
      platform
          .catalog()
          .uploadKey(Seed.MANUFACTURER, Files.readString(publicPem, StandardCharsets.US_ASCII))
          .orThrow();
      FirmwarePackage pkg =
          platform
              .catalog()
              .uploadPackage(
                  new PackageUpload(
                      signedZip,
                      Seed.TO_VERSION,
                      Seed.DEVICE_TYPE,
                      Seed.MANUFACTURER,
                      Seed.MODEL,
                      Seed.PROTOCOL))
              .orThrow();
      List<Device> list = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        list.add(CampaignRig.device(Imei.of(Imei.SEED_TAC, firstSerial + i).value()));
      }
      UpgradeTask task =
          platform
              .engine()
              .createTask(
                  TaskRequest.builder()
                      .name("SIGKILL x10")
                      .packageId(pkg.id())
                      .devices(list)
                      .retry(RetryPolicy.custom(retries, Duration.ZERO))
                      .execute(ExecutePolicy.now())
                      .timeouts(CampaignRig.TIMEOUTS)
                      .build())
              .orThrow();
      out.println("TASK " + task.id());
    }
    TaskCounters c = done.get();
    out.println("DONE " + c.total() + " " + c.success() + " " + c.failed());
    platform.close();
    log.close();
    System.exit(0);
  }
}
