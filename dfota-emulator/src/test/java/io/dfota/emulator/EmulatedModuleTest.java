package io.dfota.emulator;

import static io.dfota.emulator.Platform.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.FotaMode;
import io.dfota.at.ModuleCodec;
import io.dfota.core.FirmwareState;
import io.dfota.core.FotaTarget;
import io.dfota.core.UpdateResult;
import io.dfota.core.VirtualScheduler;
import io.dfota.lwm2m.LinkFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One emulated module, driven by a scripted MCU over the in-memory AT link and by a real
 * dfota-lwm2m platform on UDP loopback (protocol-notes §1.2, §2.4, §2.6, §4.2).
 */
class EmulatedModuleTest {
  private static final Imei IMEI = Imei.of(Imei.SEED_TAC, 828);
  private static final String A03 = "BC35GJBR01A03";
  private static final String A04 = "BC35GJBR01A04";

  private Platform platform;
  private EmulatedModule module;
  private ScriptedMcu mcu;
  private final VirtualScheduler clock = new VirtualScheduler();

  @BeforeEach
  void startPlatform() {
    platform = new Platform();
  }

  @AfterEach
  void stopAll() {
    if (module != null) {
      module.stop();
    }
    platform.close();
  }

  private void boot(FaultPlan faults) throws InterruptedException {
    boot(EmulatedModule.builder().faults(faults));
  }

  private void boot(EmulatedModule.Builder b) throws InterruptedException {
    module =
        b.imei(IMEI)
            .server(platform.server.localAddress())
            .scheduler(clock)
            .coapTiming(Duration.ofMillis(200), 2)
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    mcu = new ScriptedMcu(module.connectInMemory());
    await(module.start());
    mcu.awaitLine(0, "+QLWEVTIND:3");
  }

  private static String framed(String... lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(ModuleCodec.frame(l));
    }
    return sb.toString();
  }

  @Test
  void printsTheSeedSuccessTranscriptByteForByte() throws Exception {
    boot(FaultPlan.NONE);
    assertEquals(
        framed("REBOOT_CAUSE_SECURITY_RESET_PIN", "Neul", "OK", "+QLWEVTIND:0", "+QLWEVTIND:3"),
        mcu.transcript());
    int mark = mcu.mark();

    mcu.command("AT+QLWFOTAIND?", "OK");
    mcu.command("AT+QLWULDATA=3,313233", "OK");
    platform.awaitUplink(IMEI);
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 3000)));
    states.awaitState(FirmwareState.DOWNLOADED);
    await(platform.target(IMEI).executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    int afterBanner = mcu.awaitLine(mark, "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE");
    mcu.awaitLine(afterBanner, "+QLWEVTIND:3");
    assertEquals(UpdateResult.SUCCESS, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");

    assertEquals(
        framed(
            "+QLWFOTAIND:0",
            "OK",
            "OK",
            "+QLWEVTIND:5",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOADED",
            "FIRMWARE UPDATING",
            "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
            "Neul",
            "OK",
            "FIRMWARE UPDATE SUCCESS",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
    assertEquals(A04, module.revision());
    platform.assertVersion(IMEI, A04);
  }

  @Test
  void failsTheDownloadAtTheGivenBlock() throws Exception {
    boot(FaultPlan.builder().failDownloadAtBlock(2).build());
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 3000)));
    states.awaitState(FirmwareState.DOWNLOADING);
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.NOT_ENOUGH_FLASH, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(
        framed(
            "+QLWEVTIND:5",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOAD FAILED",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
    assertEquals(A03, module.revision());
  }

  @Test
  void reportsIntegrityFailureForACorruptedPackage() throws Exception {
    boot(FaultPlan.builder().corruptPackage().build());
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 3000)));
    states.awaitState(FirmwareState.DOWNLOADING);
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.INTEGRITY_FAILURE, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(
        framed(
            "+QLWEVTIND:5",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOAD FAILED",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
  }

  @Test
  void refusesADeltaForAnotherFromVersion() throws Exception {
    boot(FaultPlan.NONE);
    Platform.States states =
        platform.startFota(
            IMEI, Platform.content("a05", Platform.delta("BC35GJBR01A02", A04, 1000)));
    states.awaitState(FirmwareState.DOWNLOADING);
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.UNSUPPORTED_PACKAGE_TYPE, platform.finish(IMEI));
    assertEquals(A03, module.revision());
  }

  @Test
  void failedUpdateEndsDownloadedWithUpdateFailed() throws Exception {
    boot(FaultPlan.builder().failUpdate().build());
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    states.awaitState(FirmwareState.DOWNLOADED);
    await(platform.target(IMEI).executeUpdate());
    states.awaitState(FirmwareState.UPDATING);
    states.awaitState(FirmwareState.DOWNLOADED);
    int afterBanner = mcu.awaitLine(mark, "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE");
    mcu.awaitLine(afterBanner, "+QLWEVTIND:3");
    assertEquals(UpdateResult.UPDATE_FAILED, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(
        framed(
            "+QLWEVTIND:5",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOADED",
            "FIRMWARE UPDATING",
            "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
            "Neul",
            "OK",
            "FIRMWARE UPDATE FAILED",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
    assertEquals(FirmwareState.DOWNLOADED, module.firmwareStatus().state());
    assertEquals(A03, module.revision());
  }

  @Test
  void neverPrintsOverWhenTheKnobIsSet() throws Exception {
    boot(FaultPlan.builder().suppressOver().build());
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 1000)));
    states.awaitState(FirmwareState.DOWNLOADED);
    await(platform.target(IMEI).executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    int afterBanner = mcu.awaitLine(mark, "FIRMWARE UPDATE SUCCESS");
    mcu.awaitLine(afterBanner, "+QLWEVTIND:3");
    assertEquals(UpdateResult.SUCCESS, platform.finish(IMEI));
    // the cancel was acknowledged; a later command's answer proves the module printed nothing else
    mcu.command("AT", "OK");
    assertFalse(mcu.since(mark).contains("FIRMWARE UPDATE OVER"), mcu.since(mark));
    assertTrue(mcu.since(mark).endsWith(framed("+QLWEVTIND:3", "OK")), mcu.since(mark));
  }

  @Test
  void followsTheManualModeTranscript() throws Exception {
    boot(FaultPlan.NONE);
    int mark = mcu.mark();
    mcu.command("AT+QLWFOTAIND=1", "OK");
    mcu.command("AT+QLWULDATA=2,0102", "OK");
    platform.awaitUplink(IMEI);
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    int at6 = mcu.awaitLine(mark, "+QLWEVTIND:6");
    assertFalse(mcu.since(mark).contains("FIRMWARE DOWNLOADING"));
    mcu.command("AT+QLWFOTAIND=2", "OK");
    mcu.awaitLine(at6, "+QLWEVTIND:7");
    states.awaitState(FirmwareState.DOWNLOADED);
    await(platform.target(IMEI).executeUpdate());
    states.awaitState(FirmwareState.UPDATING);
    mcu.command("AT+QLWFOTAIND=4", "OK");
    states.awaitState(FirmwareState.IDLE);
    int ok = mcu.awaitLine(mark, "FIRMWARE UPDATE SUCCESS");
    mcu.awaitLine(ok, "+QLWEVTIND:3");
    assertEquals(UpdateResult.SUCCESS, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(
        framed(
            "OK",
            "OK",
            "+QLWEVTIND:5",
            "+QLWEVTIND:6",
            "OK",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOADED",
            "+QLWEVTIND:7",
            "OK",
            "FIRMWARE UPDATING",
            "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
            "Neul",
            "OK",
            "FIRMWARE UPDATE SUCCESS",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
    assertEquals(A04, module.revision());
  }

  @Test
  void manualModeRejectionsEndIdleWithoutFirmwareUrcs() throws Exception {
    boot(EmulatedModule.builder().fotaMode(FotaMode.MANUAL));
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    mcu.awaitLine(mark, "+QLWEVTIND:6");
    assertEquals(framed("+CME ERROR:3"), mcu.command("AT+QLWFOTAIND=4", "+CME ERROR:3"));
    mcu.command("AT+QLWFOTAIND=3", "OK");
    states.awaitState(FirmwareState.IDLE);
    // the dfota-lwm2m client reports a refused download as a storage failure (result 2)
    assertEquals(UpdateResult.NOT_ENOUGH_FLASH, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(
        framed("+QLWEVTIND:5", "+QLWEVTIND:6", "+CME ERROR:3", "OK", "FIRMWARE UPDATE OVER"),
        mcu.since(mark));

    mark = mcu.mark();
    states = platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    mcu.awaitLine(mark, "+QLWEVTIND:6");
    mcu.command("AT+QLWFOTAIND=2", "OK");
    mcu.awaitLine(mark, "+QLWEVTIND:7");
    CompletableFuture<Void> execute = platform.target(IMEI).executeUpdate();
    mcu.command("AT+QLWFOTAIND=5", "OK");
    await(execute);
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.UPDATE_FAILED, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(
        framed(
            "+QLWEVTIND:5",
            "+QLWEVTIND:6",
            "OK",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOADED",
            "+QLWEVTIND:7",
            "OK",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
    assertEquals(A03, module.revision());
  }

  @Test
  void deliversDownlinksAsNnmiOrThroughTheBuffer() throws Exception {
    boot(FaultPlan.NONE);
    int mark = mcu.mark();
    mcu.command("AT+NNMI=1", "OK");
    await(platform.server.writeDownlink(IMEI.value(), new byte[] {(byte) 0xAB, 0x01}));
    mcu.awaitLine(mark, "+NNMI:2,AB01");
    mcu.command("AT+NNMI=2", "OK");
    await(platform.server.writeDownlink(IMEI.value(), new byte[] {0x7F}));
    mcu.awaitLine(mark, "+NNMI");
    assertEquals(framed("BUFFERED=1,RECEIVED=2,DROPPED=0", "OK"), mcu.command("AT+NQMGR", "OK"));
    assertEquals(framed("1,7F", "OK"), mcu.command("AT+NMGR", "OK"));
    assertEquals(framed("OK"), mcu.command("AT+NMGR", "OK"));
  }

  @Test
  void staysSilentWhileItFlashesTheUpdate() throws Exception {
    boot(EmulatedModule.builder().rebootTime(Duration.ofSeconds(30)));
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 1000)));
    states.awaitState(FirmwareState.DOWNLOADED);
    await(platform.target(IMEI).executeUpdate());
    int updating = mcu.awaitLine(mark, "FIRMWARE UPDATING");
    mcu.send("AT"); // not answered: the module is flashing
    // The flash timer is armed by the update hook, which may run just after the URC is printed:
    // keep moving virtual time until the module has rebooted and notified IDLE.
    states.awaitState(FirmwareState.IDLE, () -> clock.advance(Duration.ofSeconds(30)));
    int ok = mcu.awaitLine(updating, "FIRMWARE UPDATE SUCCESS");
    mcu.awaitLine(ok, "+QLWEVTIND:3");
    assertEquals(
        framed(
            "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
            "Neul",
            "OK",
            "FIRMWARE UPDATE SUCCESS",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3"),
        mcu.since(updating));
    assertEquals(A04, module.revision());
  }

  @Test
  void refusesDataCommandsWithCme529WhileFotaRuns() throws Exception {
    boot(EmulatedModule.builder().fotaMode(FotaMode.MANUAL));
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    mcu.awaitLine(0, "+QLWEVTIND:6");
    assertEquals(framed("+CME ERROR:3"), mcu.command("AT+QLWFOTAIND=0", "+CME ERROR:3"));
    mcu.command("AT+QLWFOTAIND=2", "OK");
    states.awaitState(FirmwareState.DOWNLOADED);
    mcu.awaitLine(0, "+QLWEVTIND:7");
    List<String> answers = new ArrayList<>();
    for (String c :
        new String[] {"AT+QLWULDATA=1,AA", "AT+NMGS=1,AA", "AT+QLWULDATAEX=1,AA,0x0001"}) {
      answers.add(mcu.command(c, "+CME ERROR:529"));
    }
    assertEquals(
        List.of(framed("+CME ERROR:529"), framed("+CME ERROR:529"), framed("+CME ERROR:529")),
        answers);
    assertEquals(framed("OK"), mcu.command("AT", "OK"));
  }

  @Test
  void answersCommandsAsTheModuleDoes() throws Exception {
    boot(FaultPlan.builder().radio(0x5A3CL, -97, 4).build());
    assertEquals(framed("+CGSN:" + IMEI.value(), "OK"), mcu.command("AT+CGSN=1", "OK"));
    assertTrue(mcu.command("AT+CGMR", "OK").contains("Revision:" + A03));
    assertEquals(framed("ERROR"), mcu.command("AT+FOO", "ERROR"));
    assertEquals(framed("+CME ERROR:50"), mcu.command("AT+QLWULDATA=3,31", "+CME ERROR:50"));
    assertEquals(framed("+CSCON:0,1"), mcu.command("AT+CSCON?", "OK").substring(0, 14));
    assertEquals(framed("+NMSTATUS:MO_DATA_ENABLED", "OK"), mcu.command("AT+NMSTATUS?", "OK"));
    String stats = mcu.command("AT+NUESTATS", "OK");
    assertTrue(stats.contains(framed("Signal power:-970")), stats);
    assertTrue(stats.contains(framed("Cell ID:" + 0x5A3C)), stats);
    assertTrue(stats.contains(framed("SNR:40")), stats);
    mcu.command("ATE1", "OK");
    assertEquals("AT\r\n" + framed("OK"), mcu.command("AT", "OK"));
    mcu.command("ATE0", "OK");
    assertEquals(
        FaultPlan.builder().radio(0x5A3CL, -97, 4).build().radio(), await(target().readRadio()));
  }

  @Test
  void reportsRrcConnectedOnTrafficAndIdleAfterTheInactivityTimer() throws Exception {
    boot(EmulatedModule.builder().rrcInactivity(Duration.ofSeconds(20)));
    clock.advance(Duration.ofSeconds(21));
    int mark = mcu.mark();
    assertEquals(framed("+CSCON:0,0", "OK"), mcu.command("AT+CSCON?", "OK"));
    mcu.command("AT+CSCON=1", "OK");
    mcu.command("AT+QLWULDATA=1,AA", "OK");
    clock.advance(Duration.ofSeconds(19));
    mcu.command("AT", "OK");
    clock.advance(Duration.ofSeconds(2));
    mcu.command("AT+QLWULDATAEX=1,BB,0x0001", "OK");
    mcu.command("AT+CSCON?", "OK");
    assertEquals(
        framed(
            "+CSCON:0,0",
            "OK",
            "OK",
            "OK",
            "+CSCON:1",
            "OK",
            "+CSCON:0",
            "OK",
            "+CSCON:1",
            "+CSCON:0",
            "+CSCON:1,0",
            "OK"),
        mcu.since(mark));
  }

  @Test
  void completesTheFotaOverALossySlowLink() throws Exception {
    boot(
        EmulatedModule.builder()
            .linkFaults(
                LinkFaults.builder()
                    .drop(0.05)
                    .delay(Duration.ofMillis(5), Duration.ofMillis(30))
                    .seed(7)
                    .build())
            .coapTiming(Duration.ofMillis(200), 4));
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    states.awaitState(FirmwareState.DOWNLOADED);
    await(platform.target(IMEI).executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    int ok = mcu.awaitLine(mark, "FIRMWARE UPDATE SUCCESS");
    mcu.awaitLine(ok, "+QLWEVTIND:3");
    assertEquals(UpdateResult.SUCCESS, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(A04, module.revision());
    // the platform sees the module behind the relay, not at the client's own port
    assertFalse(module.lwm2mAddress().orElseThrow().equals(registeredAddress()));
  }

  private java.net.InetSocketAddress registeredAddress() {
    return platform.server.registry().get(IMEI.value()).orElseThrow().address();
  }

  private FotaTarget target() {
    return platform.target(IMEI);
  }
}
