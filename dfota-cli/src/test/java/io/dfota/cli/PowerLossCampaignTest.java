package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.at.ModuleDriver;
import io.dfota.core.FirmwareState;
import io.dfota.core.GuardStatus;
import io.dfota.core.VirtualScheduler;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Fleet;
import io.dfota.emulator.Imei;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.UpgradeTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An emulated module with its MCU driver loses power during DOWNLOADING, DOWNLOADED and UPDATING
 * (seed §4.2; protocol-notes §6 P1–P3), under a real platform (H2, LwM2M on loopback, campaign
 * engine) with a custom retry strategy: each device reaches a defined end state with a precise
 * description, the MCU's guard ends NORMAL, and no stage timeout is needed. The module and its MCU
 * run on a virtual clock (the power-off time and the guard's 35-minute windows); the platform on
 * wall-clock time.
 */
class PowerLossCampaignTest {

  private static final Duration OFF = Duration.ofSeconds(30);
  private static final Imei IMEI = Imei.of(Imei.SEED_TAC, 900);

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Seed.Prepared prepared;
  private final VirtualScheduler clock = new VirtualScheduler();
  private CampaignRig rig;
  private Fleet fleet;
  private LogFile log;

  @BeforeAll
  static void preparePackage() {
    prepared = Seed.preparePackage(shared);
  }

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.stop();
    }
    if (rig != null) {
      rig.close();
    }
    if (log != null) {
      log.close();
    }
  }

  /** The INFO log of the platform and the module, for a failure message. */
  private String logText() {
    try {
      return java.nio.file.Files.readString(dir.resolve(LogFile.NAME));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Runs a one-device task whose module loses power in {@code stage}; returns the final row. */
  private DeviceRun run(FirmwareState stage) throws Exception {
    log = LogFile.redirect(dir);
    rig = new CampaignRig(dir.resolve("platform"), 0, prepared);
    fleet =
        Fleet.builder()
            .count(1)
            .imeiBase(Imei.SEED_TAC, 900)
            .server(rig.platform.address())
            .revision(Seed.FROM_VERSION)
            .scheduler(clock)
            .faults(FaultPlan.builder().powerLossAt(stage, OFF).build())
            .customize(
                (imei, b) ->
                    b.coapTiming(Duration.ofMillis(500), 2).requestTimeout(Duration.ofSeconds(5)))
            .build();
    fleet.start().get(30, TimeUnit.SECONDS);
    EmulatedModule module = fleet.module(IMEI.value()).orElseThrow();
    UpgradeTask task = rig.task(List.of(IMEI.value()), RetryPolicy.custom(1, Duration.ZERO));
    awaitPowerOff(module);
    clock.advance(OFF);
    TaskCounters c;
    try {
      c = rig.finished.get(90, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "the task did not finish; rows:\n"
              + String.join("\n", rig.story(IMEI.value()))
              + "\nlog:\n"
              + logText(),
          e);
    }
    assertEquals(new TaskCounters(1, 0, 0, 1, 0, 0), c, String.join("\n", rig.story(IMEI.value())));
    assertEquals(Seed.TO_VERSION, module.revision());
    GuardStatus guard = awaitNormal(fleet.driver(IMEI.value()).orElseThrow());
    assertEquals(0, guard.restartsRequested(), guard.toString());
    return rig.platform.engine().details(task.id()).orElseThrow().devices().get(0);
  }

  /** Waits until the MCU's guard has seen {@code FIRMWARE UPDATE OVER} (NORMAL again). */
  static GuardStatus awaitNormal(ModuleDriver mcu) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (mcu.guard().status().mode() != GuardStatus.Mode.NORMAL) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the MCU's guard stays " + mcu.guard().status());
      }
      Thread.sleep(5); // polling a state, not timing
    }
    return mcu.guard().status();
  }

  private static void awaitPowerOff(EmulatedModule module) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (module.isPoweredOn()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the module did not lose power");
      }
      Thread.sleep(5); // polling a state, not timing
    }
  }

  /** The rows that ended an attempt or the device: retries pending and the final outcome. */
  private List<String> outcomes() {
    List<String> out = new ArrayList<>();
    for (DeviceRun r : rig.rows.getOrDefault(IMEI.value(), List.of())) {
      if (r.status() != DeviceStatus.RUNNING) {
        out.add(r.status() + ": " + r.description());
      }
    }
    return out;
  }

  @Test
  void powerLossWhileDownloadingFailsTheFirstAttemptAndTheRetryUpgrades() throws Exception {
    DeviceRun r = run(FirmwareState.DOWNLOADING);
    // T11: the module boots IDLE with update result 0; the retry downloads again from the start
    assertEquals(
        List.of(
            "WAITING: Retry 1 of 1 pending after: Download failed: the module restarted during the"
                + " download and went back to IDLE, update result 0 (Initial value)",
            "SUCCESS: Firmware updated successfully"),
        outcomes());
    assertEquals(2, r.attempts());
  }

  @Test
  void powerLossWhileDownloadedKeepsThePackageAndTheRetransmittedExecuteUpgrades()
      throws Exception {
    DeviceRun r = run(FirmwareState.DOWNLOADED);
    // T11 with a valid package: the module boots DOWNLOADED. Two defined outcomes, by timing
    // between the platform's wall clock and the module's virtual one: the execute reaches the
    // module after it is powered again (a CoAP retransmission) and the update runs; or the execute
    // lands while the emulated module is off, the update fails with result 8 and the retry
    // upgrades the kept package
    List<String> rows = outcomes();
    if (rows.size() == 1) {
      assertEquals(List.of("SUCCESS: Firmware updated successfully"), rows);
      assertEquals(1, r.attempts());
    } else {
      assertEquals(
          List.of(
              "WAITING: Retry 1 of 1 pending after: Update failed: the module went back to"
                  + " DOWNLOADED, update result 8 (Firmware update failed)",
              "SUCCESS: Firmware updated successfully"),
          rows);
      assertEquals(2, r.attempts());
    }
  }

  @Test
  void powerLossWhileUpdatingFailsTheUpdateWhenTheModuleRegistersAgainAndTheRetryUpgrades()
      throws Exception {
    DeviceRun r = run(FirmwareState.UPDATING);
    // the final notification died with the power: the platform reads /5/0/5 = 8 when the module
    // registers again, not after the 2-minute result timeout; the retry executes the kept package
    assertEquals(
        List.of(
            "WAITING: Retry 1 of 1 pending after: Update failed: the module went back to"
                + " DOWNLOADED, update result 8 (Firmware update failed)",
            "SUCCESS: Firmware updated successfully"),
        outcomes());
    assertEquals(2, r.attempts());
  }
}
