package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link CampaignStore} must do; subclasses supply the store. */
abstract class CampaignStoreContract {

  @TempDir Path dir;

  /** Opens the store under test, empty. */
  abstract CampaignStore open();

  /** Opens the same store again (after {@link CampaignStore#close()}), or null if not durable. */
  abstract CampaignStore reopen();

  static final Instant T0 = Instant.parse("2018-09-17T15:10:06.123456789Z");

  static UpgradeTask task(String id) {
    return new UpgradeTask(
        id,
        "任务名 5",
        "0123456789abcdef01234567",
        "DFOTA",
        RetryPolicy.custom(5, Duration.ofMinutes(7)),
        ExecutePolicy.window(T0, T0.plus(Duration.ofHours(3))),
        new StageTimeouts(
            Duration.ofHours(24),
            Duration.ofMinutes(3),
            Duration.ofMinutes(60),
            Duration.ofSeconds(90)),
        new CoveragePolicy(-100, -110, -120, 6, -2, 40, 8, 2, 9),
        T0,
        null);
  }

  static DeviceRun run(String taskId, int i) {
    return DeviceRun.waiting(
        taskId,
        new Device(new UUID(7, i), String.format("86772503000%04d", i)),
        6,
        T0.plusNanos(i));
  }

  @Test
  void keepsCatalogueObjects() {
    try (CampaignStore s = open()) {
      DeviceProfile p = DeviceProfile.parse(Harness.PROFILE).orThrow().get(0);
      s.saveProfile(p);
      s.saveProfile(p);
      assertEquals(List.of(p), s.profiles());
      ManufacturerKey k = new ManufacturerKey("Quectel", "kid", "-----PEM-----", T0, null);
      s.saveKey(k);
      s.saveKey(k.retire(T0.plusSeconds(1)));
      assertEquals(List.of(k.retire(T0.plusSeconds(1))), s.keys());
      FirmwarePackage pkg =
          new FirmwarePackage(
              "0123456789abcdef01234567",
              "BC35GJBR01A04",
              "WaterMeter",
              "Quectel",
              "NBIoTDevice",
              "CoAP",
              "BC35GJBR01A03_TO_BC35GJBR01A04.bin",
              123456,
              "b".repeat(64),
              "kid",
              T0);
      s.savePackage(pkg);
      assertEquals(List.of(pkg), s.packages());
      Device a =
          new Device(UUID.fromString("eea9a3dd-e551-43ab-8abf-393c8684d395"), "867725030008282");
      Device b = new Device(new UUID(1, 2), "867725030008283");
      s.saveGroup(new DeviceGroup("DFOTA", List.of(b, a)));
      s.saveGroup(new DeviceGroup("empty", List.of()));
      assertEquals(
          List.of(new DeviceGroup("DFOTA", List.of(b, a)), new DeviceGroup("empty", List.of())),
          s.groups());
      s.deleteGroup("empty");
      assertEquals(1, s.groups().size());
    }
  }

  @Test
  void keepsTasksAndDeviceRowsExactly() {
    try (CampaignStore s = open()) {
      UpgradeTask t = task("5b9f534e50f4c28b337a6960");
      List<DeviceRun> runs = List.of(run(t.id(), 1), run(t.id(), 2), run(t.id(), 3));
      s.createTask(t, runs);
      assertEquals(List.of(t), s.tasks());
      assertEquals(runs, s.runs(t.id()));
      DeviceRun changed =
          runs.get(1)
              .with(DeviceStatus.FAILED, null, "Download failed: update result 4")
              .with(2, 6, Stage.DOWNLOAD, T0.plusSeconds(5), T0.plusSeconds(9), null, 4242L);
      DeviceRun running = runs.get(2).with(DeviceStatus.RUNNING, Stage.UPDATE, "Running");
      s.saveRuns(List.of(changed, running));
      assertEquals(List.of(runs.get(0), changed, running), s.runs(t.id()));
      UpgradeTask stopped = t.stop(T0.plusSeconds(60));
      s.updateTask(stopped);
      assertEquals(stopped, s.task(t.id()).orElseThrow());
      assertTrue(s.task("nope").isEmpty());
      assertEquals(List.of(), s.runs("nope"));
    }
  }

  @Test
  void aBatchWithAnUnknownRowChangesNothing() {
    try (CampaignStore s = open()) {
      UpgradeTask t = task("aaaaaaaaaaaaaaaaaaaaaaaa");
      List<DeviceRun> runs = List.of(run(t.id(), 1));
      s.createTask(t, runs);
      DeviceRun ok = runs.get(0).with(DeviceStatus.SUCCESS, null, "Firmware updated successfully");
      DeviceRun unknown = run("bbbbbbbbbbbbbbbbbbbbbbbb", 9);
      assertThrows(PlatformException.class, () -> s.saveRuns(List.of(ok, unknown)));
      assertEquals(runs, s.runs(t.id()));
    }
  }

  @Test
  void survivesReopening() {
    CampaignStore first = open();
    UpgradeTask t = task("cccccccccccccccccccccccc");
    first.createTask(t, List.of(run(t.id(), 1)));
    first.close();
    try (CampaignStore again = reopen()) {
      if (again == null) {
        return;
      }
      assertEquals(List.of(t), again.tasks());
      assertEquals(1, again.runs(t.id()).size());
    }
  }

  @Test
  void runsACampaign() {
    try (CampaignStore s = open()) {
      Harness h = new Harness(dir, s);
      List<Device> ds = h.devices(4);
      h.dev(ds.get(3)).behaviour = FakeFleet.Behaviour.UPDATE_FAILS;
      UpgradeTask t = h.create(h.request(ds));
      h.scheduler.advance(Duration.ofHours(2));
      TaskCounters c = TaskCounters.of(s.runs(t.id()));
      assertEquals(3, c.success());
      assertEquals(1, c.failed());
    }
  }
}
