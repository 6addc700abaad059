package io.dfota.samples.mcudevice;

import io.dfota.at.AtSession;
import io.dfota.at.HexPayload;
import io.dfota.at.LwEventType;
import io.dfota.at.ModuleDriver;
import io.dfota.at.ModuleEvent;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.RrcMode;
import io.dfota.core.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The seed's single-MCU design (seed §5, protocol-notes §1.4): the MCU reacts to the module's URCs
 * as they arrive (interrupt-driven UART reception), here through {@link ModuleDriver} listener
 * events. It sends its uplink, which lets the platform start a DFOTA; from {@code FIRMWARE
 * DOWNLOADING} to {@code FIRMWARE UPDATE OVER} the driver's guard protects the module (data
 * commands are refused without reaching it); once the DFOTA is over, or the radio went idle without
 * one, the MCU powers the module off only after {@link ModuleDriver#awaitSafeToPowerOff} allows it
 * ({@code AT+CSCON?} reports RRC idle).
 */
public final class SingleMcu implements ModuleDriver.Listener {
  /** The business data the MCU tries to send while the module updates; the guard refuses it. */
  static final HexPayload BUSINESS_DATA = HexPayload.fromHex("0102");

  private final ModuleDriver driver;
  private final List<FirmwareIndication> firmware = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private final CompletableFuture<String> refusal = new CompletableFuture<>();
  private volatile boolean uplinkSent;
  private volatile boolean dfotaStarted;

  /**
   * Creates the MCU application on a session.
   *
   * @param session the AT session on the module's link
   * @param scheduler the scheduler for the driver's timers (35-minute watchdog, polls)
   * @param pollInterval how often {@code AT+CSCON?} is polled before power-off
   */
  public SingleMcu(AtSession session, Scheduler scheduler, Duration pollInterval) {
    this.driver =
        ModuleDriver.builder()
            .session(session)
            .scheduler(scheduler)
            .pollInterval(pollInterval)
            .listener(this)
            .build();
  }

  /**
   * Returns the driver, for inspection.
   *
   * @return the driver
   */
  public ModuleDriver driver() {
    return driver;
  }

  /**
   * Runs the MCU once: initialise, check the DFOTA mode, send the uplink, react to the URCs, then
   * power off when the guard and {@code AT+CSCON?} allow it.
   *
   * @param uplink the uplink payload (the seed sends {@code AT+QLWULDATA=3,313233})
   * @param powerOffTimeout how long to wait for permission to power off
   * @return what the run saw
   */
  public CompletableFuture<Outcome> run(HexPayload uplink, Duration powerOffTimeout) {
    return driver
        .initialise()
        .thenCompose(r -> driver.fotaMode())
        .thenCompose(
            mode -> {
              System.out.println("DFOTA mode: " + mode.okValue().map(Enum::name).orElse("?"));
              uplinkSent = true; // from now on an RRC release without a DFOTA ends the cycle
              return driver.sendUplink(uplink);
            })
        .thenCompose(
            r -> {
              System.out.println("uplink: " + (r.isOk() ? "OK" : r.describe()));
              if (!r.isOk()) {
                settled.complete(null); // nothing was sent, so no DFOTA will follow
              }
              return settled;
            })
        .thenCompose(v -> driver.awaitSafeToPowerOff(powerOffTimeout))
        .thenApply(
            verdict -> {
              System.out.println(
                  verdict.allowed() ? "power off: allowed" : "power off: " + verdict.reason());
              return new Outcome(dfotaStarted, firmware, refusal.getNow(null), verdict);
            });
  }

  @Override
  public void onEvent(ModuleEvent event) {
    if (event instanceof ModuleEvent.Firmware) {
      ModuleEvent.Firmware f = (ModuleEvent.Firmware) event;
      FirmwareIndication indication = f.urc().indication();
      System.out.println("< " + f.urc().line() + "   (guard: " + f.status().mode() + ")");
      firmware.add(indication);
      dfotaStarted = true;
      if (indication == FirmwareIndication.DOWNLOADING) {
        // protection rule: no data AT command reaches the module until FIRMWARE UPDATE OVER
        driver
            .sendUplink(BUSINESS_DATA)
            .thenAccept(
                r -> {
                  System.out.println("business uplink while protected: " + r.describe());
                  refusal.complete(r.describe());
                });
      } else if (indication == FirmwareIndication.UPDATE_OVER) {
        settled.complete(null);
      }
    } else if (event instanceof ModuleEvent.LwM2mEvent) {
      ModuleEvent.LwM2mEvent e = (ModuleEvent.LwM2mEvent) event;
      System.out.println("< " + e.urc().line());
      if (e.urc().is(LwEventType.FOTA_OBSERVED)) {
        dfotaStarted = true;
      }
    } else if (event instanceof ModuleEvent.GuardChanged) {
      if (!firmware.isEmpty() && !((ModuleEvent.GuardChanged) event).status().isProtected()) {
        // protection ended without OVER: the 35-minute recovery window after the watchdog restart
        settled.complete(null);
      }
    } else if (event instanceof ModuleEvent.Restarted) {
      System.out.println("< " + ((ModuleEvent.Restarted) event).cause().line());
    } else if (event instanceof ModuleEvent.RrcChanged) {
      RrcMode mode = ((ModuleEvent.RrcChanged) event).mode();
      System.out.println("< +CSCON:" + mode.code());
      if (mode == RrcMode.IDLE && uplinkSent && !dfotaStarted) {
        settled.complete(null); // no DFOTA this time: the radio went idle after the uplink
      }
    }
  }
}
