package io.dfota.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.GuardStatus.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DfotaGuardTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final List<GuardStatus> restarts = new ArrayList<>();
  private final DfotaGuard guard =
      DfotaGuard.builder()
          .scheduler(time)
          .listener(
              new DfotaGuard.Listener() {
                @Override
                public void onRestartRequested(GuardStatus status) {
                  restarts.add(status);
                }
              })
          .build();

  private void urc(FirmwareIndication i) {
    guard.onFirmwareIndication(i);
  }

  private boolean allowed(GuardOperation op) {
    return guard.check(op).allowed();
  }

  @Test
  void seedSuccessTranscriptProtectsFromDownloadingToOver() {
    guard.onRrcReport(RrcMode.IDLE);
    assertTrue(allowed(GuardOperation.SEND_DATA));
    assertTrue(allowed(GuardOperation.POWER_OFF));
    // < +QLWEVTIND:5, then the firmware URCs of seed §3 (protocol-notes §1.2)
    urc(FirmwareIndication.DOWNLOADING);
    for (GuardOperation op : GuardOperation.values()) {
      assertFalse(allowed(op), op + " must be refused while protected");
    }
    urc(FirmwareIndication.DOWNLOADED);
    urc(FirmwareIndication.UPDATING);
    guard.onModuleRebooted(); // REBOOT_CAUSE_SECURITY_FOTA_UPGRADE / Neul / OK
    assertTrue(guard.isProtected());
    urc(FirmwareIndication.UPDATE_SUCCESS);
    assertTrue(guard.isProtected(), "business resumes only after OVER");
    assertFalse(allowed(GuardOperation.SEND_DATA));
    urc(FirmwareIndication.UPDATE_OVER);
    assertFalse(guard.isProtected());
    assertTrue(allowed(GuardOperation.SEND_DATA));
    assertFalse(allowed(GuardOperation.POWER_OFF), "RRC state unknown after the reboot");
    guard.onRrcReport(RrcMode.IDLE);
    assertTrue(allowed(GuardOperation.POWER_OFF));
    assertTrue(restarts.isEmpty());
  }

  @Test
  void seedDownloadFailureTranscriptStaysProtectedUntilOver() {
    urc(FirmwareIndication.DOWNLOADING);
    urc(FirmwareIndication.DOWNLOAD_FAILED);
    assertTrue(guard.isProtected());
    assertEquals(FirmwareIndication.DOWNLOAD_FAILED, guard.status().lastIndication());
    urc(FirmwareIndication.UPDATE_OVER);
    assertFalse(guard.isProtected());
  }

  @Test
  void seedUpdateFailureTranscriptStaysProtectedAcrossTheRebootUntilOver() {
    urc(FirmwareIndication.DOWNLOADING);
    urc(FirmwareIndication.DOWNLOADED);
    urc(FirmwareIndication.UPDATING);
    guard.onModuleRebooted();
    urc(FirmwareIndication.UPDATE_FAILED);
    assertTrue(guard.isProtected());
    urc(FirmwareIndication.UPDATE_OVER);
    assertFalse(guard.isProtected());
  }

  @Test
  void refusalExplainsWhyAndUntilWhen() {
    urc(FirmwareIndication.DOWNLOADING);
    GuardVerdict v = guard.check(GuardOperation.SEND_DATA);
    assertFalse(v.allowed());
    assertTrue(v.reason().contains("FIRMWARE DOWNLOADING"), v.reason());
    assertTrue(v.reason().contains("FIRMWARE UPDATE OVER"), v.reason());
  }

  @Test
  void watchdogAsksForARestartAt35MinutesWhileStillUpdatingAndNotATickBefore() {
    urc(FirmwareIndication.DOWNLOADING);
    urc(FirmwareIndication.DOWNLOADED);
    urc(FirmwareIndication.UPDATING);
    time.advance(Duration.ofMinutes(35).minusNanos(1));
    assertTrue(restarts.isEmpty());
    assertEquals(Phase.WATCHDOG, guard.status().phase());
    time.advance(Duration.ofNanos(1));
    assertEquals(1, restarts.size());
    assertEquals(Phase.RECOVERY, restarts.get(0).phase());
    assertTrue(guard.isProtected(), "stay powered after the restart");
    assertFalse(allowed(GuardOperation.RESET));
    time.advance(Duration.ofMinutes(35).minusNanos(1));
    assertTrue(guard.isProtected());
    time.advance(Duration.ofNanos(1));
    assertFalse(guard.isProtected(), "at most another 35 minutes");
    assertEquals(1, guard.status().restartsRequested());
  }

  @Test
  void watchdogAfterAFinalUrcReturnsToNormalWithoutRestart() {
    for (FirmwareIndication last :
        List.of(
            FirmwareIndication.UPDATE_SUCCESS,
            FirmwareIndication.DOWNLOAD_FAILED,
            FirmwareIndication.UPDATE_FAILED)) {
      urc(FirmwareIndication.DOWNLOADING);
      urc(last);
      time.advance(DfotaGuard.SEED_WINDOW);
      assertFalse(guard.isProtected(), "after " + last);
      assertTrue(restarts.isEmpty());
    }
  }

  @Test
  void overDuringRecoveryEndsProtection() {
    urc(FirmwareIndication.DOWNLOADING);
    time.advance(DfotaGuard.SEED_WINDOW);
    assertEquals(1, restarts.size());
    guard.onModuleRebooted();
    urc(FirmwareIndication.UPDATE_OVER);
    assertFalse(guard.isProtected());
    time.advance(DfotaGuard.SEED_WINDOW.multipliedBy(3));
    assertEquals(1, restarts.size(), "no stale timer fires");
  }

  @Test
  void downloadedSeenWhileNormalStillProtects() {
    urc(FirmwareIndication.UPDATING);
    assertTrue(guard.isProtected());
  }

  @Test
  void powerOffNeedsRrcIdleNotTheLiteralString() {
    assertFalse(allowed(GuardOperation.POWER_OFF));
    guard.onRrcReport(RrcMode.CONNECTED);
    assertTrue(guard.check(GuardOperation.POWER_OFF).reason().contains("connected"));
    guard.onRrcReport(RrcMode.IDLE);
    assertTrue(allowed(GuardOperation.POWER_OFF));
  }

  @Test
  void windowsAreConfigurableAndMustBePositive() {
    DfotaGuard quick =
        DfotaGuard.builder()
            .scheduler(time)
            .watchdogWindow(Duration.ofMinutes(2))
            .recoveryWindow(Duration.ofMinutes(1))
            .build();
    quick.onFirmwareIndication(FirmwareIndication.DOWNLOADING);
    time.advance(Duration.ofMinutes(2));
    assertEquals(Phase.RECOVERY, quick.status().phase());
    time.advance(Duration.ofMinutes(1));
    assertFalse(quick.isProtected());
    assertThrows(DfotaException.class, () -> DfotaGuard.builder().watchdogWindow(Duration.ZERO));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> DfotaGuard.builder().build());
    assertTrue(e.getMessage().contains("scheduler"));
  }
}
