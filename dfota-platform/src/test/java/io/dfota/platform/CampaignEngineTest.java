package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.RadioReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CampaignEngineTest {

  @TempDir Path dir;

  @Test
  void upgradesADeviceAndShowsFigure16Details() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    UpgradeTask t = h.create(h.request(ds).retry(RetryPolicy.custom(5, Duration.ZERO)));
    h.scheduler.advance(Duration.ofHours(1));

    TaskDetails d = h.details(t);
    assertEquals("task 5", d.name());
    assertEquals(t.id(), d.id());
    assertEquals(24, d.id().length());
    assertEquals(TaskStatus.SUCCESS, d.status());
    assertEquals(1.0, d.successRate());
    assertEquals(1, d.counters().total());
    assertEquals(1, d.counters().completed());
    assertEquals(1, d.counters().success());
    assertEquals(0, d.counters().failed());
    assertEquals("Custom", d.retryStrategy());
    assertEquals(5, d.retryCount());
    assertEquals("WaterMeter", d.deviceType());
    assertEquals("Quectel", d.manufacturer());
    assertEquals("NBIoTDevice", d.model());
    assertEquals("CoAP", d.protocol());
    assertEquals(Harness.NEW, d.version());
    assertEquals("BC35GJBR01A03_TO_BC35GJBR01A04.bin", d.firmwareName());
    DeviceRun row = d.devices().get(0);
    assertEquals(DeviceStatus.SUCCESS, row.status());
    assertEquals("Firmware updated successfully", row.description());
    assertEquals(ds.get(0).imei(), row.imei());
    assertEquals(1, row.attempts());
    assertEquals(Harness.NEW, h.dev(ds.get(0)).version);
    assertEquals("coap://127.0.0.1:5683/fw/" + h.pkg.id(), h.dev(ds.get(0)).lastUri);
    // the download permission was granted for the attempt and withdrawn after it
    assertTrue(h.fleet.allowed.isEmpty());
    // step 9: the observation was cancelled
    assertEquals(1, h.dev(ds.get(0)).calls(FakeFleet.Op.CANCEL));
  }

  @Test
  void everyReportedRowIsAlreadyInTheStore() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(3);
    UpgradeTask t = h.create(h.request(ds));
    h.engine.addListener(
        new CampaignListener() {
          @Override
          public void onDevice(DeviceRun run) {
            assertTrue(h.store.runs(t.id()).contains(run), "reported before stored: " + run);
          }
        });
    h.scheduler.advance(Duration.ofHours(1));
    assertEquals(3, h.details(t).counters().success());
    assertFalse(h.reported.isEmpty());
  }

  @Test
  void deviceAlreadyAtTargetVersionSucceedsWithoutAnUpdate() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(2);
    h.dev(ds.get(1)).version = Harness.NEW;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    DeviceRun skipped = h.run(t, ds.get(1));
    assertEquals(DeviceStatus.SUCCESS, skipped.status());
    assertEquals(
        "Already at the target version BC35GJBR01A04; no update needed", skipped.description());
    assertEquals(0, h.dev(ds.get(1)).calls(FakeFleet.Op.WRITE_URI));
    assertEquals(0, h.dev(ds.get(1)).calls(FakeFleet.Op.READ_RADIO));
    assertEquals(TaskStatus.SUCCESS, h.details(t).status());
  }

  @Test
  void deviceThatNeverComesOnlineFailsAfter24Hours() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).registered = false;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(24).minusSeconds(1));
    assertEquals(DeviceStatus.WAITING, h.run(t, ds.get(0)).status());
    h.scheduler.advance(Duration.ofSeconds(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status());
    assertEquals(Stage.ONLINE, r.failedStage());
    assertEquals("Device did not come online within 24 h", r.description());
    assertEquals(TaskStatus.FAILED, h.details(t).status());
  }

  @ParameterizedTest
  @EnumSource(
      value = FakeFleet.Op.class,
      names = {"READ_VERSION", "READ_RADIO", "OBSERVE", "WRITE_URI", "EXECUTE", "READ_RESULT"})
  void everyQueryTimesOutAfterThreeMinutes(FakeFleet.Op op) {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).silent.add(op);
    h.dev(ds.get(0)).targetVersion = null; // the version does not change: no /3/0/3 fallback
    UpgradeTask t = h.create(h.request(ds));
    Stage stage = Stage.valueOf(op == FakeFleet.Op.OBSERVE ? "OBSERVE" : op.name());
    // run up to the silent query
    for (int i = 0; i < 200 && h.run(t, ds.get(0)).stage() != stage; i++) {
      h.scheduler.advance(Duration.ofSeconds(30));
    }
    assertEquals(stage, h.run(t, ds.get(0)).stage());
    h.scheduler.advance(Duration.ofMinutes(3).minusSeconds(1));
    assertEquals(DeviceStatus.RUNNING, h.run(t, ds.get(0)).status());
    h.scheduler.advance(Duration.ofSeconds(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status());
    assertEquals(stage, r.failedStage());
    assertTrue(r.description().startsWith("Timeout: no answer to "), r.description());
    assertTrue(r.description().contains(" within 3 min"), r.description());
    assertTrue(h.fleet.allowed.isEmpty());
  }

  @Test
  void downloadTimesOutAfter60Minutes() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).behaviour = FakeFleet.Behaviour.NEVER_DOWNLOADS;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(60).minusSeconds(1));
    assertEquals(Stage.DOWNLOAD, h.run(t, ds.get(0)).stage());
    h.scheduler.advance(Duration.ofSeconds(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status());
    assertEquals(Stage.DOWNLOAD, r.failedStage());
    assertEquals("Timeout: download not completed within 60 min", r.description());
    // the observation is cancelled after a failure too
    assertEquals(1, h.dev(ds.get(0)).calls(FakeFleet.Op.CANCEL));
  }

  @Test
  void updateResultTimesOutAfter30Minutes() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).behaviour = FakeFleet.Behaviour.NEVER_FINISHES;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(10)); // downloaded, executed
    assertEquals(Stage.UPDATE, h.run(t, ds.get(0)).stage());
    h.scheduler.advance(Duration.ofMinutes(30).minusSeconds(1));
    assertEquals(DeviceStatus.RUNNING, h.run(t, ds.get(0)).status());
    h.scheduler.advance(Duration.ofSeconds(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status());
    assertEquals(Stage.UPDATE, r.failedStage());
    assertEquals(
        "Timeout: no final firmware state within 30 min after the update was executed",
        r.description());
  }

  @Test
  void configuredTimeoutsReplaceTheDefaults() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).behaviour = FakeFleet.Behaviour.NEVER_DOWNLOADS;
    UpgradeTask t =
        h.create(
            h.request(ds)
                .timeouts(
                    new StageTimeouts(
                        Duration.ofHours(1),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(2))));
    h.scheduler.advance(Duration.ofMinutes(5).plusSeconds(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status());
    assertEquals("Timeout: download not completed within 5 min", r.description());
  }

  @Test
  void downloadFailureIsDescribedWithItsResultCode() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).behaviour = FakeFleet.Behaviour.DOWNLOAD_FAILS;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status());
    assertEquals(Stage.DOWNLOAD, r.failedStage());
    assertEquals(
        "Download failed: update result 4 (Connection lost during download)", r.description());
  }

  @Test
  void updateFailureBackToDownloadedIsDescribedWithItsResultCode() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).behaviour = FakeFleet.Behaviour.UPDATE_FAILS;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status());
    assertEquals(Stage.UPDATE, r.failedStage());
    assertEquals(
        "Update failed: the module went back to DOWNLOADED, update result 8 (Firmware update"
            + " failed)",
        r.description());
  }

  @Test
  void updateEndingIdleWithAFailureCodeFails() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).behaviour = FakeFleet.Behaviour.UPDATE_FAILS_TO_IDLE;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(
        "Update failed: update result 5 (Integrity check failure for the downloaded package)",
        r.description());
  }

  @Test
  void rejectedQueryIsDescribedWithTheDeviceAnswer() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).failing = FakeFleet.Op.WRITE_URI;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(Stage.WRITE_URI, r.failedStage());
    assertEquals(
        "Writing the package URI /5/0/1 failed: device rejected it (4.05)", r.description());
  }

  @Test
  void coverageUnknownFailsTheUpgrade() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).radio = new RadioReport(null, null, null);
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(Stage.READ_RADIO, r.failedStage());
    assertEquals(
        "Coverage unknown: neither the signal nor the cell id was readable", r.description());
    assertEquals(0, h.dev(ds.get(0)).calls(FakeFleet.Op.OBSERVE));
  }

  @Test
  void failedDevicesAreRetriedWithinTheCountAfterTheInterval() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(2);
    FakeFleet.Dev flaky = h.dev(ds.get(0));
    flaky.behaviour = FakeFleet.Behaviour.DOWNLOAD_FAILS;
    flaky.failures = 2;
    FakeFleet.Dev broken = h.dev(ds.get(1));
    broken.behaviour = FakeFleet.Behaviour.DOWNLOAD_FAILS;
    UpgradeTask t = h.create(h.request(ds).retry(RetryPolicy.custom(2, Duration.ofMinutes(30))));
    h.scheduler.advance(Duration.ofMinutes(11));
    DeviceRun waiting = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.WAITING, waiting.status());
    assertEquals(1, waiting.attempts());
    assertEquals(Stage.DOWNLOAD, waiting.failedStage());
    assertTrue(waiting.description().startsWith("Retry 1 of 2 pending after: Download failed"));
    h.scheduler.advance(Duration.ofMinutes(28)); // failed at 10 min: retry due at 40 min
    assertEquals(1, flaky.calls(FakeFleet.Op.READ_VERSION));
    h.scheduler.advance(Duration.ofMinutes(1));
    assertEquals(2, flaky.calls(FakeFleet.Op.READ_VERSION));
    h.scheduler.advance(Duration.ofHours(3));
    DeviceRun ok = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.SUCCESS, ok.status());
    assertEquals(3, ok.attempts());
    DeviceRun failed = h.run(t, ds.get(1));
    assertEquals(DeviceStatus.FAILED, failed.status());
    assertEquals(3, failed.attempts());
    assertEquals(3, broken.calls(FakeFleet.Op.WRITE_URI));
    TaskDetails d = h.details(t);
    assertEquals(TaskStatus.PARTIAL_SUCCESS, d.status());
    assertEquals(0.5, d.successRate());
  }

  @Test
  void noRetryStrategyFailsAtTheFirstFailure() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).behaviour = FakeFleet.Behaviour.UPDATE_FAILS;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(5));
    assertEquals(1, h.run(t, ds.get(0)).attempts());
    assertEquals(1, h.dev(ds.get(0)).calls(FakeFleet.Op.EXECUTE));
    assertEquals("No", h.details(t).retryStrategy());
  }

  @Test
  void stoppingATaskStopsWaitingAndRunningDevicesAndIgnoresLateAnswers() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(2);
    h.dev(ds.get(1)).registered = false;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(2)); // device 0 downloading
    assertEquals(Stage.DOWNLOAD, h.run(t, ds.get(0)).stage());
    assertTrue(h.engine.stopTask(t.id()).accepted());
    DeviceRun running = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.STOPPED, running.status());
    assertEquals("Task stopped during stage DOWNLOAD", running.description());
    DeviceRun waiting = h.run(t, ds.get(1));
    assertEquals(DeviceStatus.STOPPED, waiting.status());
    assertEquals("Task stopped before the device was upgraded", waiting.description());
    h.scheduler.advance(Duration.ofHours(30)); // the fake finishes its download: ignored
    h.dev(ds.get(1)).registered = true;
    h.fleet.awake(ds.get(1).imei());
    TaskDetails d = h.details(t);
    assertEquals(TaskStatus.STOPPED, d.status());
    assertEquals(2, d.counters().stopped());
    assertEquals(0, h.dev(ds.get(0)).calls(FakeFleet.Op.EXECUTE));
    assertEquals(0, h.dev(ds.get(1)).calls(FakeFleet.Op.READ_VERSION));
    assertFalse(h.engine.stopTask(t.id()).accepted());
    assertFalse(h.engine.retryFailed(t.id()).accepted());
  }

  @Test
  void retryingATaskRerunsOnlyItsFailedDevices() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(3);
    h.dev(ds.get(1)).behaviour = FakeFleet.Behaviour.DOWNLOAD_FAILS;
    h.dev(ds.get(1)).failures = 1;
    h.dev(ds.get(2)).version = Harness.NEW;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(2));
    assertEquals(TaskStatus.PARTIAL_SUCCESS, h.details(t).status());
    assertEquals(1, h.engine.retryFailed(t.id()).orThrow());
    h.scheduler.advance(Duration.ofHours(2));
    TaskDetails d = h.details(t);
    assertEquals(TaskStatus.SUCCESS, d.status());
    assertEquals(3, d.counters().success());
    assertEquals(1, h.dev(ds.get(0)).calls(FakeFleet.Op.READ_VERSION));
    assertEquals(2, h.dev(ds.get(1)).calls(FakeFleet.Op.READ_VERSION));
    assertEquals(1, h.dev(ds.get(2)).calls(FakeFleet.Op.READ_VERSION));
    assertEquals(2, h.run(t, ds.get(1)).attempts());
    assertNull(h.run(t, ds.get(1)).failedStage());
    assertEquals(0, h.engine.retryFailed(t.id()).orThrow());
  }

  @Test
  void weakCoverageUpgradesOneDeviceAtATimePerCell() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(5);
    for (Device d : ds) {
      h.dev(d).radio = new RadioReport(7L, -120, -5); // level 2
    }
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(1));
    assertEquals(1, h.details(t).counters().running());
    assertTrue(
        h.run(t, ds.get(1)).description().startsWith("Waiting for a free upgrade slot in cell 7"));
    h.scheduler.advance(Duration.ofHours(3));
    assertEquals(5, h.details(t).counters().success());
    assertEquals(1, h.fleet.maxObserving(7L));
  }

  @Test
  void concurrencyFollowsTheCoverageLevelOfEachCell() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(90);
    for (int i = 0; i < 90; i++) {
      RadioReport r;
      if (i < 30) {
        r = new RadioReport(1L, -90, 10); // level 0: 50
      } else if (i < 60) {
        r = new RadioReport(2L, -110, 0); // level 1: 10
      } else {
        r = new RadioReport(3L, null, null); // only the cell: 10
      }
      h.dev(ds.get(i)).radio = r;
    }
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(6));
    assertEquals(90, h.details(t).counters().success());
    assertEquals(30, h.fleet.maxObserving(1L));
    assertEquals(10, h.fleet.maxObserving(2L));
    assertEquals(10, h.fleet.maxObserving(3L));
  }

  @Test
  void coverageThresholdsAndCapsAreConfigurable() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(6);
    for (Device d : ds) {
      h.dev(d).radio = new RadioReport(9L, -90, 10);
    }
    CoveragePolicy strict = new CoveragePolicy(-80, -100, -125, 20, 5, 3, 2, 1, 2);
    UpgradeTask t = h.create(h.request(ds).coverage(strict)); // -90 dBm is level 1 here: cap 2
    h.scheduler.advance(Duration.ofHours(6));
    assertEquals(6, h.details(t).counters().success());
    assertEquals(2, h.fleet.maxObserving(9L));
  }

  @Test
  void deviceOnlineTasksWaitForTheDeviceToWakeUp() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    UpgradeTask t = h.create(h.request(ds).execute(ExecutePolicy.deviceOnline()));
    h.scheduler.advance(Duration.ofHours(1));
    assertEquals(DeviceStatus.WAITING, h.run(t, ds.get(0)).status());
    assertEquals(0, h.dev(ds.get(0)).calls(FakeFleet.Op.READ_VERSION));
    h.fleet.awake(ds.get(0).imei());
    h.scheduler.advance(Duration.ofHours(1));
    assertEquals(DeviceStatus.SUCCESS, h.run(t, ds.get(0)).status());
  }

  @Test
  void nowTasksStartUnregisteredDevicesWhenTheyWakeUp() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    h.dev(ds.get(0)).registered = false;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(5));
    assertEquals(DeviceStatus.WAITING, h.run(t, ds.get(0)).status());
    h.dev(ds.get(0)).registered = true;
    h.fleet.awake(ds.get(0).imei());
    h.scheduler.advance(Duration.ofHours(1));
    assertEquals(DeviceStatus.SUCCESS, h.run(t, ds.get(0)).status());
  }

  @Test
  void customWindowTasksRunOnlyInsideTheirWindow() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(2);
    h.dev(ds.get(1)).registered = false;
    var start = h.scheduler.now().plus(Duration.ofHours(2));
    var end = start.plus(Duration.ofHours(4));
    UpgradeTask t = h.create(h.request(ds).execute(ExecutePolicy.window(start, end)));
    h.fleet.awake(ds.get(0).imei());
    h.scheduler.advance(Duration.ofHours(1));
    assertEquals(0, h.dev(ds.get(0)).calls(FakeFleet.Op.READ_VERSION));
    h.scheduler.advance(Duration.ofHours(2)); // window opened at 2 h
    assertEquals(DeviceStatus.SUCCESS, h.run(t, ds.get(0)).status());
    assertEquals(DeviceStatus.WAITING, h.run(t, ds.get(1)).status());
    h.scheduler.advance(Duration.ofHours(4));
    DeviceRun late = h.run(t, ds.get(1));
    assertEquals(DeviceStatus.FAILED, late.status());
    assertEquals(
        "The custom execution window ended before the device was upgraded", late.description());
    h.dev(ds.get(1)).registered = true;
    h.fleet.awake(ds.get(1).imei());
    assertEquals(0, h.dev(ds.get(1)).calls(FakeFleet.Op.READ_VERSION));
  }

  @Test
  void groupsAreTargetedAndUnknownNamesAreRefused() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(3);
    h.catalog.createGroup("DFOTA").orThrow();
    h.catalog.bind("DFOTA", ds).orThrow();
    h.catalog.unbind("DFOTA", List.of(ds.get(2).id())).orThrow();
    UpgradeTask t = h.create(TaskRequest.builder().name("g").packageId(h.pkg.id()).group("DFOTA"));
    h.scheduler.advance(Duration.ofHours(1));
    TaskDetails d = h.details(t);
    assertEquals("DFOTA", d.group());
    assertEquals(2, d.counters().success());
    assertEquals(0, h.dev(ds.get(2)).calls(FakeFleet.Op.READ_VERSION));

    Outcome<UpgradeTask> noGroup =
        h.engine.createTask(
            TaskRequest.builder().name("x").packageId(h.pkg.id()).group("nope").build());
    assertEquals(Refusal.NOT_FOUND, ((Outcome.Refused<UpgradeTask>) noGroup).reason());
    Outcome<UpgradeTask> noPkg =
        h.engine.createTask(TaskRequest.builder().name("x").packageId("zz").devices(ds).build());
    assertEquals(Refusal.NOT_FOUND, ((Outcome.Refused<UpgradeTask>) noPkg).reason());
  }

  @Test
  void profileWithoutOmCapabilityCannotTakeATask() {
    Harness h = new Harness(dir);
    h.catalog
        .importProfile(
            Harness.PROFILE.replace("\"supportUpgrade\":true", "\"supportUpgrade\":false"))
        .orThrow();
    Outcome<UpgradeTask> o = h.engine.createTask(h.request(h.devices(1)).build());
    Outcome.Refused<UpgradeTask> r = (Outcome.Refused<UpgradeTask>) o;
    assertEquals(Refusal.NO_FOTA_CAPABILITY, r.reason());
    assertTrue(r.message().contains("omCapability.fwUpgradeCapability"), r.message());
  }

  @Test
  void aDeviceRunsInOneTaskAtATime() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    UpgradeTask a = h.create(h.request(ds));
    UpgradeTask b = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(2));
    assertEquals(DeviceStatus.RUNNING, h.run(a, ds.get(0)).status());
    assertEquals(DeviceStatus.WAITING, h.run(b, ds.get(0)).status());
    h.scheduler.advance(Duration.ofHours(1));
    h.fleet.awake(ds.get(0).imei());
    h.scheduler.advance(Duration.ofHours(1));
    assertEquals(DeviceStatus.SUCCESS, h.run(b, ds.get(0)).status());
    assertEquals(
        "Already at the target version BC35GJBR01A04; no update needed",
        h.run(b, ds.get(0)).description());
  }

  @Test
  void listenersMayReadTheEngineFromTheirCallback() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(2);
    int[] seen = {0};
    UpgradeTask[] task = new UpgradeTask[1];
    h.engine.addListener(
        new CampaignListener() {
          @Override
          public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
            if (task[0] != null) {
              assertEquals(counters, h.engine.details(taskId).orElseThrow().counters());
              seen[0]++;
            }
          }
        });
    task[0] = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    assertTrue(seen[0] > 4);
    assertEquals(TaskStatus.SUCCESS, h.details(task[0]).status());
  }

  @Test
  void aLateAnswerAfterATimeoutIsIgnored() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    FakeFleet.Dev dev = h.dev(ds.get(0));
    dev.silent.add(FakeFleet.Op.READ_VERSION);
    UpgradeTask t = h.create(h.request(ds).retry(RetryPolicy.custom(1, Duration.ofHours(1))));
    h.scheduler.advance(Duration.ofMinutes(4));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.WAITING, r.status());
    assertEquals(Stage.READ_VERSION, r.failedStage());
    assertEquals(1, r.attempts());
    // the first query answers late, after its timeout: ignored
    dev.silent.clear();
    dev.held.forEach(Runnable::run);
    assertEquals(DeviceStatus.WAITING, h.run(t, ds.get(0)).status());
    assertEquals(0, dev.calls(FakeFleet.Op.READ_RADIO));
    h.scheduler.advance(Duration.ofHours(2));
    DeviceRun done = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.SUCCESS, done.status());
    assertEquals(2, done.attempts());
  }

  @Test
  void aNewEngineOnTheSameStoreResumesUnfinishedTasks() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(4);
    h.dev(ds.get(3)).registered = false;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(2)); // three devices downloading, one waiting
    h.engine.close();
    FakeFleet fresh = new FakeFleet(h.scheduler);
    for (Device d : ds) {
      fresh.add(d.imei(), Harness.OLD).targetVersion = Harness.NEW;
    }
    CampaignEngine second =
        CampaignEngine.builder()
            .store(h.store)
            .catalog(h.catalog)
            .fleet(fresh)
            .scheduler(h.scheduler)
            .build();
    second.start();
    DeviceRun interrupted =
        h.store.runs(t.id()).stream()
            .filter(r -> r.deviceId().equals(ds.get(0).id()))
            .findFirst()
            .orElseThrow();
    assertEquals(DeviceStatus.RUNNING, interrupted.status()); // restarted at once: registered
    h.scheduler.advance(Duration.ofHours(1));
    TaskDetails d = second.details(t.id()).orElseThrow();
    assertEquals(TaskStatus.SUCCESS, d.status());
    for (DeviceRun r : d.devices()) {
      assertEquals(1, r.attempts(), r.toString());
    }
    // the first engine is closed: its fleet's late notifications change nothing
    assertEquals(4, TaskCounters.of(h.store.runs(t.id())).success());
  }

  @Test
  void anUnreadableResultIsASuccessWhenTheVersionIsTheTarget() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(2);
    h.dev(ds.get(0)).failing = FakeFleet.Op.READ_RESULT;
    h.dev(ds.get(1)).failing = FakeFleet.Op.READ_RESULT;
    h.dev(ds.get(1)).targetVersion = "BC35GJBR01A03SP1"; // the module reports another version
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofHours(1));
    DeviceRun ok = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.SUCCESS, ok.status());
    assertEquals(
        "Firmware updated successfully (version BC35GJBR01A04 read from /3/0/3; the update result"
            + " was not readable)",
        ok.description());
    DeviceRun bad = h.run(t, ds.get(1));
    assertEquals(DeviceStatus.FAILED, bad.status());
    assertEquals(Stage.READ_RESULT, bad.failedStage());
    assertEquals(
        "Reading the update result /5/0/5 failed: device rejected it (4.05); /3/0/3 still reports"
            + " BC35GJBR01A03SP1",
        bad.description());
  }
}
