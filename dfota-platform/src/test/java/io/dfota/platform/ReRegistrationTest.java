package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dfota.core.FirmwareState;
import io.dfota.core.UpdateResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that reboots while UPDATING and loses the final {@code /5/0/3} notification with the
 * reboot (a power loss cuts the confirmable notification): the engine observes {@code /5/0/3} again
 * when the device registers again, then reads {@code /5/0/5}, instead of waiting for the 30-minute
 * result timeout (protocol-notes §4.2 step 8, §6 P1/P9).
 */
class ReRegistrationTest {

  private static final Duration UPDATE = Duration.ofMinutes(5);

  @TempDir Path dir;

  @Test
  void aSuccessWhoseNotificationWasLostIsReadWhenTheDeviceRegistersAgain() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    FakeFleet.Dev d = h.dev(ds.get(0));
    d.rebootLosesFinalNotification = true;
    UpgradeTask t = h.create(h.request(ds));
    // 10 min download + 5 min update; far less than the 30-minute result timeout
    h.scheduler.advance(Duration.ofMinutes(16));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.SUCCESS, r.status(), r.toString());
    assertEquals(DeviceRun.SUCCESS_DESCRIPTION, r.description());
    assertEquals(1, r.attempts());
    assertEquals(2, d.calls(FakeFleet.Op.OBSERVE));
    assertEquals(1, d.calls(FakeFleet.Op.READ_RESULT));
    assertEquals(1, d.calls(FakeFleet.Op.CANCEL));
  }

  @Test
  void aFailedUpdateWhoseNotificationWasLostFailsAtOnceWithResult8() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    FakeFleet.Dev d = h.dev(ds.get(0));
    d.rebootLosesFinalNotification = true;
    d.behaviour = FakeFleet.Behaviour.UPDATE_FAILS;
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(16));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status(), r.toString());
    assertEquals(Stage.UPDATE, r.failedStage());
    assertEquals(
        "Update failed: the module went back to DOWNLOADED, update result 8 (Firmware update"
            + " failed)",
        r.description());
  }

  @Test
  void aRegistrationWhileTheUpdateStillRunsLeavesTheWaitAsItIs() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    FakeFleet.Dev d = h.dev(ds.get(0));
    UpgradeTask t = h.create(h.request(ds));
    // into the update: 10 min download, then UPDATING after 1 s
    h.scheduler.advance(Duration.ofMinutes(11));
    assertEquals(FirmwareState.UPDATING, d.state);
    h.fleet.reRegister(d.imei);
    h.scheduler.advance(Duration.ofSeconds(6));
    DeviceRun running = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.RUNNING, running.status());
    assertEquals(Stage.UPDATE, running.stage());
    // /5/0/3 read UPDATING again: nothing decided; the notification on the new observation decides
    assertEquals(2, d.calls(FakeFleet.Op.OBSERVE));
    assertEquals(0, d.calls(FakeFleet.Op.READ_RESULT));
    h.scheduler.advance(UPDATE);
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.SUCCESS, r.status(), r.toString());
    assertNull(r.failedStage());
    assertEquals(1, d.calls(FakeFleet.Op.READ_RESULT));
  }

  @Test
  void anExecuteAcknowledgedOnlyAfterTheRebootReadsTheFinalStateAtOnce() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    FakeFleet.Dev d = h.dev(ds.get(0));
    d.silent.add(FakeFleet.Op.EXECUTE);
    UpgradeTask t = h.create(h.request(ds));
    // the download ends after 10 min; the execute is sent and its acknowledgement held
    h.scheduler.advance(Duration.ofMinutes(11));
    assertEquals(Stage.EXECUTE, h.run(t, ds.get(0)).stage());
    // the module lost power while UPDATING and came back DOWNLOADED with result 8 (T6, T11)
    d.state = FirmwareState.DOWNLOADED;
    d.result = UpdateResult.UPDATE_FAILED;
    h.fleet.reRegister(d.imei);
    h.scheduler.advance(Duration.ofSeconds(1));
    assertEquals(Stage.EXECUTE, h.run(t, ds.get(0)).stage());
    d.held.forEach(Runnable::run); // the acknowledgement arrives after the reboot
    h.scheduler.advance(Duration.ofSeconds(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.FAILED, r.status(), r.toString());
    assertEquals(
        "Update failed: the module went back to DOWNLOADED, update result 8 (Firmware update"
            + " failed)",
        r.description());
    assertEquals(2, d.calls(FakeFleet.Op.OBSERVE));
  }

  @Test
  void downloadedWithoutAResultJustAfterTheExecuteIsNotAFailedUpdate() {
    Harness h = new Harness(dir);
    List<Device> ds = h.devices(1);
    FakeFleet.Dev d = h.dev(ds.get(0));
    d.silent.add(FakeFleet.Op.EXECUTE);
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofMinutes(11));
    // the module rebooted (power loss in DOWNLOADED) and kept its package: DOWNLOADED, result 0
    h.fleet.reRegister(d.imei);
    h.scheduler.advance(Duration.ofSeconds(1));
    d.held.forEach(Runnable::run); // the execute is acknowledged; the update has not begun yet
    h.scheduler.advance(Duration.ofSeconds(1));
    DeviceRun waiting = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.RUNNING, waiting.status(), waiting.toString());
    assertEquals(Stage.UPDATE, waiting.stage());
    // then the update runs and its notifications arrive on the new observation
    d.state = FirmwareState.UPDATING;
    d.result = UpdateResult.SUCCESS;
    d.version = Harness.NEW;
    Objects.requireNonNull(d.observer).accept(FirmwareState.IDLE);
    h.scheduler.advance(Duration.ofSeconds(1));
    DeviceRun r = h.run(t, ds.get(0));
    assertEquals(DeviceStatus.SUCCESS, r.status(), r.toString());
    assertEquals(DeviceRun.SUCCESS_DESCRIPTION, r.description());
  }
}
