package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareIndication;
import io.dfota.core.GuardStatus;
import io.dfota.core.GuardVerdict;
import io.dfota.core.RrcMode;
import io.dfota.core.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ModuleDriverTest {

  /** The module's output after the trigger uplink, seed §3.2, with the module's CR LF framing. */
  static final String SEED_SUCCESS_AFTER_UPLINK =
      "\r\n+QLWEVTIND:5\r\n"
          + "\r\nFIRMWARE DOWNLOADING\r\n"
          + "\r\nFIRMWARE DOWNLOADED\r\n"
          + "\r\nFIRMWARE UPDATING\r\n"
          + "\r\nREBOOT_CAUSE_SECURITY_FOTA_UPGRADE\r\n"
          + "\r\nNeul\r\n"
          + "\r\nOK\r\n"
          + "\r\nFIRMWARE UPDATE SUCCESS\r\n"
          + "\r\n+QLWEVTIND:0\r\n"
          + "\r\n+QLWEVTIND:3\r\n"
          + "\r\nFIRMWARE UPDATE OVER\r\n";

  private static final HexPayload TRIGGER = HexPayload.fromHex("313233");

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final InMemoryAtTransport.Pair pair = InMemoryAtTransport.pair();
  private final FakeModem modem = new FakeModem(pair.module());
  private final List<ModuleEvent> events = new CopyOnWriteArrayList<>();
  private final AtSession session =
      AtSession.builder().transport(pair.mcu()).scheduler(scheduler).build();

  private ModuleDriver driver(boolean reinit) {
    return ModuleDriver.builder()
        .session(session)
        .scheduler(scheduler)
        .reinitialiseAfterReboot(reinit)
        .listener(events::add)
        .build();
  }

  private void emitEach(String stream, java.util.function.Consumer<String> afterLine) {
    for (String line : stream.split("\r\n")) {
      if (!line.isEmpty()) {
        modem.raw("\r\n" + line + "\r\n");
        afterLine.accept(line);
      }
    }
  }

  @Test
  void initialisesWithEchoOffNumericErrorsAndCsconReports() {
    ModuleDriver d = driver(false);
    modem.expect("ATE0", "OK").expect("AT+CMEE=1", "OK").expect("AT+CSCON=1", "OK");
    assertTrue(d.initialise().join().isOk());
    modem.expect("AT+CGSN=1", "+CGSN:867725030008282", "OK");
    assertEquals("867725030008282", d.readImei().join().okValue().orElseThrow());
    modem.expect("AT+CGMR", "SECURITY,V150R100C10B200SP1", "Revision: BC35GJBR01A04", "OK");
    assertEquals("BC35GJBR01A04", d.readRevision().join().okValue().orElseThrow().version());
    modem.assertScriptDone();
  }

  @Test
  void followsTheSeedSuccessTranscriptAndRefusesUplinksWhileProtected() {
    ModuleDriver d = driver(false);
    modem.expect("AT+QLWFOTAIND?", "+QLWFOTAIND:0", "OK");
    assertEquals(FotaMode.AUTOMATIC, d.fotaMode().join().okValue().orElseThrow());
    modem.expect("AT+QLWULDATA=3,313233", "OK");
    assertTrue(d.sendUplink(TRIGGER).join().isOk());
    int sent = modem.received().size();

    List<Boolean> protectedAfter = new java.util.ArrayList<>();
    List<AtResponse<NoContent>> refusals = new java.util.ArrayList<>();
    emitEach(
        SEED_SUCCESS_AFTER_UPLINK,
        line -> {
          protectedAfter.add(d.guard().isProtected());
          if (d.guard().isProtected()) {
            refusals.add(d.sendUplink(TRIGGER).join());
          }
        });

    // PROTECTED from FIRMWARE DOWNLOADING up to (not after) FIRMWARE UPDATE OVER.
    assertEquals(
        List.of(false, true, true, true, true, true, true, true, true, true, false),
        protectedAfter);
    assertEquals(9, refusals.size());
    for (AtResponse<NoContent> r : refusals) {
      AtResponse.Refused<?> refused = assertInstanceOf(AtResponse.Refused.class, r);
      assertTrue(refused.reason().contains("DFOTA in progress"), refused.reason());
    }
    assertEquals(sent, modem.received().size(), "no data AT command reached the module");
    assertEquals(
        List.of(
            Urc.Firmware.DOWNLOADING,
            Urc.Firmware.DOWNLOADED,
            Urc.Firmware.UPDATING,
            Urc.Firmware.UPDATE_SUCCESS,
            Urc.Firmware.UPDATE_OVER),
        events.stream()
            .filter(ModuleEvent.Firmware.class::isInstance)
            .map(e -> ((ModuleEvent.Firmware) e).urc())
            .toList());
    assertTrue(events.contains(new ModuleEvent.Restarted(Urc.RebootCause.SECURITY_FOTA_UPGRADE)));
    assertTrue(events.contains(new ModuleEvent.OtherUrc(Urc.BootOk.INSTANCE)));

    modem.expect("AT+QLWULDATA=3,313233", "OK");
    assertTrue(d.sendUplink(TRIGGER).join().isOk(), "uplinks resume after OVER");
    modem.assertScriptDone();
  }

  @Test
  void neverTakesTheBannerOkAsTheAnswerOfACommandInFlight() {
    ModuleDriver d = driver(false);
    modem.raw("\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE DOWNLOADED\r\n\r\nFIRMWARE UPDATING\r\n");
    modem.expect("AT+CGSN=1"); // the module reboots instead of answering
    CompletableFuture<AtResponse<String>> imei = d.readImei();
    modem.raw("\r\nREBOOT_CAUSE_SECURITY_FOTA_UPGRADE\r\n\r\nNeul\r\n\r\nOK\r\n");
    assertEquals(new AtResponse.ModuleRestarted<>("SECURITY_FOTA_UPGRADE"), imei.join());
    assertTrue(d.guard().isProtected());
    modem.expect("AT+CGSN=1", "+CGSN:867725030008282", "OK");
    assertEquals("867725030008282", d.readImei().join().okValue().orElseThrow());
  }

  @Test
  void reinitialisesAfterTheBannerOk() {
    driver(true);
    modem.expect("ATE0", "OK").expect("AT+CMEE=1", "OK").expect("AT+CSCON=1", "OK");
    modem.raw("\r\nREBOOT_CAUSE_SECURITY_RESET_PIN\r\n\r\nNeul\r\n");
    assertEquals(List.of(), modem.received(), "nothing is sent before the banner's OK");
    modem.raw("\r\nOK\r\n");
    modem.assertScriptDone();
  }

  @Test
  void staysProtectedAfterDownloadFailedUntilOver() {
    ModuleDriver d = driver(false);
    modem.raw("\r\n+QLWEVTIND:5\r\n\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE DOWNLOAD FAILED\r\n");
    assertTrue(d.guard().isProtected());
    assertInstanceOf(AtResponse.Refused.class, d.sendUplink(TRIGGER).join());
    modem.raw("\r\nFIRMWARE UPDATE OVER\r\n");
    assertFalse(d.guard().isProtected());
  }

  @Test
  void followsTheUpdateFailureTranscript() {
    ModuleDriver d = driver(false);
    modem.raw(
        "\r\n+QLWEVTIND:5\r\n\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE DOWNLOADED\r\n"
            + "\r\nFIRMWARE UPDATING\r\n\r\nREBOOT_CAUSE_SECURITY_FOTA_UPGRADE\r\n\r\nNeul\r\n"
            + "\r\nOK\r\n\r\nFIRMWARE UPDATE FAILED\r\n\r\n+QLWEVTIND:0\r\n\r\n+QLWEVTIND:3\r\n");
    assertTrue(d.guard().isProtected());
    assertEquals(FirmwareIndication.UPDATE_FAILED, d.guard().status().lastIndication());
    modem.raw("\r\nFIRMWARE UPDATE OVER\r\n");
    assertFalse(d.guard().isProtected());
  }

  @Test
  void acceptsTheDownloadSuccessVariantAsDownloaded() {
    ModuleDriver d = driver(false);
    modem.raw("\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE DOWNLOAD SUCCESS\r\n");
    assertEquals(FirmwareIndication.DOWNLOADED, d.guard().status().lastIndication());
  }

  @Test
  void restartsTheModuleWhenOverDoesNotComeWithin35MinutesThenKeepsItProtected() {
    ModuleDriver d = driver(false);
    modem.raw("\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE DOWNLOADED\r\n");
    scheduler.advance(Duration.ofMinutes(34));
    assertEquals(List.of(), modem.received());
    modem.expect("AT+NRB", "REBOOTING", "REBOOT_CAUSE_APPLICATION_AT", "Neul", "OK");
    scheduler.advance(Duration.ofMinutes(1));
    modem.assertScriptDone();
    ModuleEvent.WatchdogRestart restart =
        events.stream()
            .filter(ModuleEvent.WatchdogRestart.class::isInstance)
            .map(ModuleEvent.WatchdogRestart.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals(new AtResponse.ModuleRestarted<>("APPLICATION_AT"), restart.result());
    assertEquals(GuardStatus.Phase.RECOVERY, d.guard().status().phase());
    assertTrue(d.guard().isProtected());
    assertInstanceOf(AtResponse.Refused.class, d.sendUplink(TRIGGER).join());
    scheduler.advance(Duration.ofMinutes(34));
    assertTrue(d.guard().isProtected());
    scheduler.advance(Duration.ofMinutes(1));
    assertFalse(d.guard().isProtected(), "the recovery window ends after another 35 minutes");
    assertEquals(List.of("AT+NRB"), modem.received(), "exactly one restart");
  }

  @Test
  void endsTheRecoveryWindowOnOver() {
    ModuleDriver d = driver(false);
    modem.raw("\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE UPDATING\r\n");
    modem.expect("AT+NRB", "REBOOT_CAUSE_APPLICATION_AT", "Neul", "OK");
    scheduler.advance(Duration.ofMinutes(35));
    assertTrue(d.guard().isProtected());
    scheduler.advance(Duration.ofMinutes(10));
    modem.raw("\r\nFIRMWARE UPDATE SUCCESS\r\n\r\nFIRMWARE UPDATE OVER\r\n");
    assertFalse(d.guard().isProtected());
  }

  @Test
  void doesNothingAfter35MinutesWhenTheLastUrcWasSuccess() {
    ModuleDriver d = driver(false);
    modem.raw("\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE UPDATE SUCCESS\r\n");
    scheduler.advance(Duration.ofMinutes(35));
    assertFalse(d.guard().isProtected());
    assertEquals(List.of(), modem.received());
  }

  @Test
  void allowsPowerOffOnlyOnceCsconReportsIdle() {
    ModuleDriver d =
        ModuleDriver.builder()
            .session(session)
            .scheduler(scheduler)
            .pollInterval(Duration.ofSeconds(5))
            .build();
    modem.expect("AT+CSCON?", "+CSCON:1,1", "OK");
    CompletableFuture<GuardVerdict> v = d.awaitSafeToPowerOff(Duration.ofMinutes(1));
    assertFalse(v.isDone());
    modem.expect("AT+CSCON?", "+CSCON:0,0", "OK");
    scheduler.advance(Duration.ofSeconds(5));
    assertTrue(v.join().allowed());
    assertEquals(RrcMode.IDLE, d.guard().status().rrc());
  }

  @Test
  void refusesPowerOffUntilTheDeadlineWhileProtectedWithoutQueryingTheModule() {
    ModuleDriver d = driver(false);
    modem.raw("\r\nFIRMWARE DOWNLOADING\r\n");
    CompletableFuture<GuardVerdict> v = d.awaitSafeToPowerOff(Duration.ofSeconds(30));
    scheduler.advance(Duration.ofSeconds(30));
    GuardVerdict verdict = v.join();
    assertFalse(verdict.allowed());
    assertTrue(verdict.reason().contains("deadline passed"), verdict.reason());
    assertEquals(List.of(), modem.received());
    assertFalse(d.requestSleep().allowed());
    assertInstanceOf(AtResponse.Refused.class, d.restart().join());
  }

  @Test
  void answersManualModeEventsWithThePolicy() {
    ModuleDriver d =
        ModuleDriver.builder()
            .session(session)
            .scheduler(scheduler)
            .reinitialiseAfterReboot(false)
            .manualPolicy(ManualFotaPolicy.ACCEPT_ALL)
            .listener(events::add)
            .build();
    modem.expect("AT+QLWFOTAIND=1", "OK");
    assertTrue(d.setFotaMode(FotaMode.MANUAL).join().isOk());
    modem.expect("AT+QLWULDATA=2,0102", "OK");
    assertTrue(d.sendUplink(HexPayload.fromHex("0102")).join().isOk());
    modem.expect("AT+QLWFOTAIND=2", "OK");
    modem.raw("\r\n+QLWEVTIND:5\r\n\r\n+QLWEVTIND:6\r\n");
    modem.expect("AT+QLWFOTAIND=4", "OK");
    modem.raw("\r\nFIRMWARE DOWNLOADING\r\n\r\nFIRMWARE DOWNLOADED\r\n\r\n+QLWEVTIND:7\r\n");
    modem.raw(
        "\r\nFIRMWARE UPDATING\r\n\r\nREBOOT_CAUSE_SECURITY_FOTA_UPGRADE\r\n\r\nNeul\r\n\r\nOK\r\n"
            + "\r\nFIRMWARE UPDATE SUCCESS\r\n\r\n+QLWEVTIND:0\r\n\r\n+QLWEVTIND:3\r\n"
            + "\r\nFIRMWARE UPDATE OVER\r\n");
    modem.assertScriptDone();
    assertEquals(
        List.of(FotaMode.ACCEPT_DOWNLOAD, FotaMode.ACCEPT_UPDATE),
        events.stream()
            .filter(ModuleEvent.ManualAnswer.class::isInstance)
            .map(e -> ((ModuleEvent.ManualAnswer) e).answer())
            .toList());
    assertFalse(d.guard().isProtected());
  }

  @Test
  void rejectsWithThePolicy() {
    ModuleDriver.builder()
        .session(session)
        .scheduler(scheduler)
        .manualPolicy(
            new ManualFotaPolicy() {
              @Override
              public boolean acceptDownload() {
                return false;
              }

              @Override
              public boolean acceptUpdate() {
                return false;
              }
            })
        .build();
    modem.expect("AT+QLWFOTAIND=3", "OK").expect("AT+QLWFOTAIND=5", "OK");
    modem.raw("\r\n+QLWEVTIND:6\r\n\r\n+QLWEVTIND:7\r\n");
    modem.assertScriptDone();
  }

  @Test
  void endsTheListenWindowEarlyWhenDfotaStarts() {
    ModuleDriver d = driver(false);
    modem.expect("AT+QLWULDATA=3,313233", "OK");
    CompletableFuture<ListenOutcome> w = d.sendAndListen(TRIGGER);
    scheduler.advance(Duration.ofSeconds(30));
    assertFalse(w.isDone());
    modem.raw("\r\n+QLWEVTIND:5\r\n");
    assertEquals(ListenOutcome.DFOTA_STARTED, w.join());
  }

  @Test
  void endsTheListenWindowEarlyWhenTheModuleIsIdle() {
    ModuleDriver d = driver(false);
    CompletableFuture<ListenOutcome> w = d.listen();
    modem.raw("\r\n+CSCON:1\r\n");
    assertFalse(w.isDone());
    modem.raw("\r\n+CSCON: 0\r\n");
    assertEquals(ListenOutcome.MODULE_IDLE, w.join());
  }

  @Test
  void listensTwoMinutesByDefault() {
    ModuleDriver d = driver(false);
    CompletableFuture<ListenOutcome> w = d.listen();
    scheduler.advance(Duration.ofSeconds(119));
    assertFalse(w.isDone());
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(ListenOutcome.WINDOW_ELAPSED, w.join());
  }

  @Test
  void reportsDownlinksAsEvents() {
    driver(false);
    modem.raw("\r\n+NNMI:2,0A0b\r\n");
    modem.expect("AT+NMGR", "3,414243", "OK");
    modem.raw("\r\n+NNMI\r\n");
    assertEquals(
        List.of(
            new ModuleEvent.Downlink(HexPayload.of(new byte[] {10, 11})),
            new ModuleEvent.Downlink(HexPayload.fromHex("414243"))),
        events.stream().filter(ModuleEvent.Downlink.class::isInstance).toList());
  }

  @Test
  void sendsQlwuldataexWithItsMode() {
    ModuleDriver d = driver(false);
    modem.expect("AT+QLWULDATAEX=2,0102,0x0100,7", "OK");
    assertTrue(d.sendUplink(HexPayload.fromHex("0102"), UplinkMode.CON, 7).join().isOk());
    modem.assertScriptDone();
  }
}
