package io.dfota.platform;

import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The platform process that {@link CrashRecoveryTest} starts in a child JVM and kills: an engine on
 * wall-clock time over an H2 file store and a fake fleet of slow devices. Prints {@code TASK <id>}
 * once the task exists, {@code OUTCOME <imei> <status>} for every final outcome it reports, and
 * {@code DONE} when the task is finished.
 */
final class CrashRecoveryChild {
  static final int DEVICES = 24;

  private CrashRecoveryChild() {}

  static boolean failing(int i) {
    return i % 7 == 3 && !atTarget(i);
  }

  static boolean atTarget(int i) {
    return i % 11 == 5;
  }

  static String imei(int i) {
    return String.format("8677250300%05d", i);
  }

  static Device device(int i) {
    return new Device(UUID.nameUUIDFromBytes(imei(i).getBytes(StandardCharsets.UTF_8)), imei(i));
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path dataDir = Path.of(args[1]);
    boolean create = args[2].equals("create");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
    Scheduler scheduler = Scheduler.of(exec);
    CampaignStore store = CampaignStore.jdbc(url, "sa", "");
    FakeFleet fleet = new FakeFleet(scheduler);
    for (int i = 0; i < DEVICES; i++) {
      FakeFleet.Dev d = fleet.add(imei(i), atTarget(i) ? Harness.NEW : Harness.OLD);
      d.targetVersion = Harness.NEW;
      d.radio = new RadioReport((long) (i % 2), -90, 10);
      d.downloadTime = Duration.ofMillis(300 + 37L * (i % 9));
      d.updateTime = Duration.ofMillis(150);
      if (failing(i)) {
        d.behaviour = FakeFleet.Behaviour.UPDATE_FAILS;
      }
    }
    Catalog catalog = Catalog.builder().store(store).dataDir(dataDir).scheduler(scheduler).build();
    CountDownLatch done = new CountDownLatch(1);
    CampaignEngine engine =
        CampaignEngine.builder()
            .store(store)
            .catalog(catalog)
            .fleet(fleet)
            .scheduler(scheduler)
            .listener(
                new CampaignListener() {
                  @Override
                  public void onDevice(DeviceRun run) {
                    if (run.status() == DeviceStatus.SUCCESS
                        || run.status() == DeviceStatus.FAILED) {
                      out.println("OUTCOME " + run.imei() + " " + run.status());
                    }
                  }

                  @Override
                  public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
                    if (status.finished()) {
                      done.countDown();
                    }
                  }
                })
            .build();
    exec.submit(
            () -> {
              if (create) {
                catalog.importProfile(Harness.PROFILE).orThrow();
                store.savePackage(
                    new FirmwarePackage(
                        "0123456789abcdef01234567",
                        Harness.NEW,
                        "WaterMeter",
                        "Quectel",
                        "NBIoTDevice",
                        "CoAP",
                        "BC35GJBR01A03_TO_BC35GJBR01A04.bin",
                        1000,
                        "a".repeat(64),
                        "key-1",
                        Instant.now()));
              }
              engine.start();
              if (create) {
                List<Device> ds = new ArrayList<>();
                for (int i = 0; i < DEVICES; i++) {
                  ds.add(device(i));
                }
                UpgradeTask t =
                    engine
                        .createTask(
                            TaskRequest.builder()
                                .name("crash")
                                .packageId("0123456789abcdef01234567")
                                .devices(ds)
                                .coverage(new CoveragePolicy(-105, -115, -125, 7, -3, 3, 3, 1, 3))
                                .build())
                        .orThrow();
                out.println("TASK " + t.id());
              }
              return null;
            })
        .get();
    done.await();
    out.println("DONE");
    exec.shutdownNow();
    exec.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
  }
}
