package io.dfota.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirmwareUpdateMachineTest {

  private static final String URI = "coap://127.0.0.1:5683/fw/6b1d2e";

  private final VirtualScheduler time = new VirtualScheduler();
  private final List<Transition.Accepted> seen = new ArrayList<>();
  private final FirmwareUpdateMachine machine =
      FirmwareUpdateMachine.builder().clock(time.clock()).listener(seen::add).build();

  private Transition.Accepted accept(FirmwareEvent e) {
    return assertInstanceOf(Transition.Accepted.class, machine.apply(e));
  }

  private Transition.Rejected reject(FirmwareEvent e) {
    return assertInstanceOf(Transition.Rejected.class, machine.apply(e));
  }

  private void assertStatus(FirmwareState state, UpdateResult result) {
    assertEquals(state, machine.status().state());
    assertEquals(result, machine.status().result());
  }

  @Test
  void seedSuccessTranscriptEndsIdleWithResultOne() {
    assertEquals("T1", accept(new FirmwareEvent.PackageUriWritten(URI)).rule());
    assertStatus(FirmwareState.DOWNLOADING, UpdateResult.INITIAL);
    assertEquals(URI, machine.status().packageUri());
    assertEquals("T2", accept(new FirmwareEvent.DownloadCompleted()).rule());
    assertStatus(FirmwareState.DOWNLOADED, UpdateResult.INITIAL);
    assertEquals("T4", accept(new FirmwareEvent.UpdateExecuted()).rule());
    assertStatus(FirmwareState.UPDATING, UpdateResult.INITIAL);
    assertEquals("T5", accept(new FirmwareEvent.UpdateSucceeded()).rule());
    assertStatus(FirmwareState.IDLE, UpdateResult.SUCCESS);
    assertEquals(4, seen.size());
  }

  @Test
  void seedDownloadFailureGoesFromDownloadingToIdle() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    Transition.Accepted t = accept(new FirmwareEvent.DownloadFailed(UpdateResult.CONNECTION_LOST));
    assertEquals("T3", t.rule());
    assertStatus(FirmwareState.IDLE, UpdateResult.CONNECTION_LOST);
  }

  @Test
  void seedVerifyFailureGoesToIdleWithResultFive() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    accept(new FirmwareEvent.DownloadFailed(UpdateResult.INTEGRITY_FAILURE));
    assertStatus(FirmwareState.IDLE, UpdateResult.INTEGRITY_FAILURE);
  }

  @Test
  void seedUpdateFailureGoesFromUpdatingBackToDownloaded() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    accept(new FirmwareEvent.DownloadCompleted());
    accept(new FirmwareEvent.UpdateExecuted());
    Transition.Accepted t =
        accept(new FirmwareEvent.UpdateFailed(UpdateResult.UPDATE_FAILED, true));
    assertEquals("T6", t.rule());
    assertStatus(FirmwareState.DOWNLOADED, UpdateResult.UPDATE_FAILED);
  }

  @Test
  void updateFailureThatInvalidatesThePackageGoesToIdle() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    accept(new FirmwareEvent.DownloadCompleted());
    accept(new FirmwareEvent.UpdateExecuted());
    assertEquals(
        "T7", accept(new FirmwareEvent.UpdateFailed(UpdateResult.INTEGRITY_FAILURE, false)).rule());
    assertStatus(FirmwareState.IDLE, UpdateResult.INTEGRITY_FAILURE);
  }

  @Test
  void resultIsResetToZeroAtTheStartOfEveryDownloadAndUpdate() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    accept(new FirmwareEvent.DownloadFailed(UpdateResult.CONNECTION_LOST));
    accept(new FirmwareEvent.PackageUriWritten(URI));
    assertStatus(FirmwareState.DOWNLOADING, UpdateResult.INITIAL);
    accept(new FirmwareEvent.DownloadCompleted());
    accept(new FirmwareEvent.UpdateExecuted());
    accept(new FirmwareEvent.UpdateFailed(UpdateResult.UPDATE_FAILED, true));
    accept(new FirmwareEvent.UpdateExecuted());
    assertStatus(FirmwareState.UPDATING, UpdateResult.INITIAL);
  }

  @Test
  void executeOutsideDownloadedIsRejectedAndChangesNothing() {
    FirmwareStatus before = machine.status();
    Transition.Rejected r = reject(new FirmwareEvent.UpdateExecuted());
    assertTrue(r.reason().contains("only in DOWNLOADED"), r.reason());
    assertEquals(before, machine.status());
    assertTrue(seen.isEmpty());
  }

  @Test
  void uriWriteOutsideIdleIsRejected() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    Transition.Rejected r = reject(new FirmwareEvent.PackageUriWritten(URI + "/other"));
    assertTrue(r.reason().contains("only be delivered in IDLE"), r.reason());
    assertEquals(URI, machine.status().packageUri());
  }

  @Test
  void uriLongerThan255CharactersIsRejected() {
    Transition.Rejected r =
        reject(new FirmwareEvent.PackageUriWritten("coap://h/" + "a".repeat(247)));
    assertTrue(r.reason().contains("256 characters"), r.reason());
    assertStatus(FirmwareState.IDLE, UpdateResult.INITIAL);
  }

  @Test
  void emptyUriResetsFromDownloadedAndClearsThePackage() {
    accept(new FirmwareEvent.PackageUriWritten(URI, "a.bin", "BC35GJBR01A04"));
    accept(new FirmwareEvent.DownloadCompleted());
    assertEquals("T8", accept(new FirmwareEvent.PackageUriWritten("")).rule());
    assertStatus(FirmwareState.IDLE, UpdateResult.INITIAL);
    assertEquals("", machine.status().packageUri());
    assertNull(machine.status().packageName());
  }

  @Test
  void nullPackageWriteResetsFromDownloading() {
    accept(new FirmwareEvent.PackageWritten(false));
    assertEquals("T8", accept(new FirmwareEvent.PackageWritten(true)).rule());
    assertStatus(FirmwareState.IDLE, UpdateResult.INITIAL);
  }

  @Test
  void resetIsRefusedWhileTheUpdateIsApplied() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    accept(new FirmwareEvent.DownloadCompleted());
    accept(new FirmwareEvent.UpdateExecuted());
    reject(new FirmwareEvent.PackageUriWritten(""));
    assertStatus(FirmwareState.UPDATING, UpdateResult.INITIAL);
  }

  @Test
  void cancelIsAllowedBeforeTheUpdateOnlyAndSetsResultTen() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    assertEquals("T9", accept(new FirmwareEvent.Cancel()).rule());
    assertStatus(FirmwareState.IDLE, UpdateResult.CANCELLED);
    reject(new FirmwareEvent.Cancel());
  }

  @Test
  void deferKeepsDownloadedWithResultEleven() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    accept(new FirmwareEvent.DownloadCompleted());
    assertEquals("T10", accept(new FirmwareEvent.Defer()).rule());
    assertStatus(FirmwareState.DOWNLOADED, UpdateResult.DEFERRED);
  }

  @Test
  void rebootKeepsTheResultAndPicksStateByStoredPackage() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    accept(new FirmwareEvent.DownloadCompleted());
    accept(new FirmwareEvent.UpdateExecuted());
    accept(new FirmwareEvent.UpdateFailed(UpdateResult.UPDATE_FAILED, true));
    assertEquals("T11", accept(new FirmwareEvent.Rebooted(true)).rule());
    assertStatus(FirmwareState.DOWNLOADED, UpdateResult.UPDATE_FAILED);
    accept(new FirmwareEvent.Rebooted(false));
    assertStatus(FirmwareState.IDLE, UpdateResult.UPDATE_FAILED);
  }

  @Test
  void downloadFailureWithANonFailureCodeIsRejected() {
    accept(new FirmwareEvent.PackageUriWritten(URI));
    Transition.Rejected r = reject(new FirmwareEvent.DownloadFailed(UpdateResult.SUCCESS));
    assertTrue(r.reason().contains("not allowed"), r.reason());
    assertStatus(FirmwareState.DOWNLOADING, UpdateResult.INITIAL);
  }

  @Test
  void snapshotsCarryTheLastStateChangeTime() {
    time.advance(Duration.ofMinutes(3));
    Transition.Accepted t = accept(new FirmwareEvent.PackageUriWritten(URI));
    assertEquals(time.now(), t.status().lastChange());
    assertFalse(t.before().lastChange().equals(t.status().lastChange()));
  }

  @Test
  void permitsAnswersFromTheTableWithoutChangingState() {
    assertTrue(machine.permits(FirmwareEvent.Kind.PACKAGE_URI_WRITTEN));
    assertFalse(machine.permits(FirmwareEvent.Kind.UPDATE_EXECUTED));
    assertStatus(FirmwareState.IDLE, UpdateResult.INITIAL);
  }
}
