package io.dfota.emulator;

import static io.dfota.emulator.Platform.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.ModuleCodec;
import io.dfota.core.FirmwareState;
import io.dfota.core.UpdateResult;
import io.dfota.core.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Power loss at a FOTA stage (seed §4.2: power-off during DFOTA may make it fail): the module stops
 * answering, then boots with {@code REBOOT_CAUSE_SECURITY_RESET_PIN} and the T11 state, on a
 * virtual clock; and {@code AT+NRB}.
 */
class PowerLossTest {
  private static final Imei IMEI = Imei.of(Imei.SEED_TAC, 828);
  private static final String A03 = "BC35GJBR01A03";
  private static final String A04 = "BC35GJBR01A04";
  private static final Duration OFF = Duration.ofSeconds(30);

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

  private void boot(FirmwareState stage) throws InterruptedException {
    module =
        EmulatedModule.builder()
            .imei(IMEI)
            .server(platform.server.localAddress())
            .scheduler(clock)
            .faults(FaultPlan.builder().powerLossAt(stage, OFF).build())
            .coapTiming(Duration.ofMillis(200), 2)
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    mcu = new ScriptedMcu(module.connectInMemory());
    await(module.start());
    mcu.awaitLine(0, "+QLWEVTIND:3");
  }

  private void awaitPowerOff() throws InterruptedException {
    long deadline = System.nanoTime() + Platform.WAIT.toNanos();
    while (module.isPoweredOn()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("module did not lose power");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static String framed(String... lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(ModuleCodec.frame(l));
    }
    return sb.toString();
  }

  @Test
  void powerLossWhileDownloadingRebootsIdleWithTheResetPinBanner() throws Exception {
    boot(FirmwareState.DOWNLOADING);
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 3000)));
    states.awaitState(FirmwareState.DOWNLOADING);
    awaitPowerOff();
    mcu.send("AT"); // no answer while the power is off
    clock.advance(OFF);
    states.awaitState(FirmwareState.IDLE);
    int boot = mcu.awaitLine(mark, "REBOOT_CAUSE_SECURITY_RESET_PIN");
    mcu.awaitLine(boot, "+QLWEVTIND:3");
    platform.finish(IMEI);
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(
        framed(
            "+QLWEVTIND:5",
            "FIRMWARE DOWNLOADING",
            "REBOOT_CAUSE_SECURITY_RESET_PIN",
            "Neul",
            "OK",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
    assertEquals(FirmwareState.IDLE, module.firmwareStatus().state());
    assertEquals(A03, module.revision());
  }

  @Test
  void powerLossWhileDownloadedKeepsThePackageAcrossTheReboot() throws Exception {
    boot(FirmwareState.DOWNLOADED);
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    // the power goes right after DOWNLOADED: its notification may be lost with it
    mcu.awaitLine(mark, "FIRMWARE DOWNLOADED");
    awaitPowerOff();
    clock.advance(OFF);
    int boot = mcu.awaitLine(mark, "REBOOT_CAUSE_SECURITY_RESET_PIN");
    mcu.awaitLine(boot, "+QLWEVTIND:3");
    assertEquals(FirmwareState.DOWNLOADED, module.firmwareStatus().state());
    await(platform.target(IMEI).executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    int ok = mcu.awaitLine(mark, "FIRMWARE UPDATE SUCCESS");
    mcu.awaitLine(ok, "+QLWEVTIND:3");
    assertEquals(UpdateResult.SUCCESS, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    assertEquals(A04, module.revision());
  }

  @Test
  void powerLossWhileUpdatingFailsTheUpdateAndKeepsThePackage() throws Exception {
    boot(FirmwareState.UPDATING);
    int mark = mcu.mark();
    Platform.States states =
        platform.startFota(IMEI, Platform.content("a04", Platform.delta(A03, A04, 2000)));
    states.awaitState(FirmwareState.DOWNLOADED);
    // the power goes as the update starts: the execute's ACK and the UPDATING notification may be
    // lost with it, so the platform's execute may time out
    CompletableFuture<Void> execute = platform.target(IMEI).executeUpdate();
    mcu.awaitLine(mark, "FIRMWARE UPDATING");
    awaitPowerOff();
    clock.advance(OFF);
    states.awaitState(FirmwareState.DOWNLOADED);
    int boot = mcu.awaitLine(mark, "REBOOT_CAUSE_SECURITY_RESET_PIN");
    mcu.awaitLine(boot, "+QLWEVTIND:3");
    assertEquals(UpdateResult.UPDATE_FAILED, platform.finish(IMEI));
    mcu.awaitLine(mark, "FIRMWARE UPDATE OVER");
    execute.handle((v, e) -> null).join();
    assertEquals(
        framed(
            "+QLWEVTIND:5",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOADED",
            "FIRMWARE UPDATING",
            "REBOOT_CAUSE_SECURITY_RESET_PIN",
            "Neul",
            "OK",
            "FIRMWARE UPDATE FAILED",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3",
            "FIRMWARE UPDATE OVER"),
        mcu.since(mark));
    assertEquals(A03, module.revision());
  }

  @Test
  void nrbRebootsWithTheApplicationAtBannerAndReRegisters() throws Exception {
    module =
        EmulatedModule.builder()
            .imei(IMEI)
            .server(platform.server.localAddress())
            .scheduler(clock)
            .rebootTime(Duration.ofSeconds(5))
            .coapTiming(Duration.ofMillis(200), 2)
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    mcu = new ScriptedMcu(module.connectInMemory());
    await(module.start());
    mcu.awaitLine(0, "+QLWEVTIND:3");
    int mark = mcu.mark();
    mcu.command("AT+NRB", "REBOOTING");
    mcu.send("AT"); // silent while it reboots
    clock.advance(Duration.ofSeconds(5));
    int boot = mcu.awaitLine(mark, "REBOOT_CAUSE_APPLICATION_AT");
    mcu.awaitLine(boot, "+QLWEVTIND:3");
    assertEquals(
        framed(
            "REBOOTING",
            "REBOOT_CAUSE_APPLICATION_AT",
            "Neul",
            "OK",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3"),
        mcu.since(mark));
    assertTrue(module.isRegistered());
    assertFalse(mcu.since(mark).contains("\r\nERROR\r\n"));
  }
}
