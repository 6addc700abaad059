package io.dfota.samples.mcudevice;

import io.dfota.at.AtSession;
import io.dfota.at.HexPayload;
import io.dfota.at.ListenOutcome;
import io.dfota.at.ModuleDriver;
import io.dfota.at.ModuleEvent;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.GuardStatus;
import io.dfota.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The seed's dual-MCU design (seed §5, protocol-notes §1.4): a separate communication MCU does not
 * react to interrupts but works in steps. After each uplink it listens at least 2 minutes ({@link
 * ModuleDriver#sendAndListen}, {@link ModuleDriver#listen}) for {@code +QLWEVTIND:5} or a firmware
 * URC. If a DFOTA started it keeps the module powered, sends no AT command and polls what the
 * driver received until {@code FIRMWARE UPDATE OVER}; then, as without a DFOTA, it powers the
 * module off only once {@link ModuleDriver#awaitSafeToPowerOff} allows it ({@code AT+CSCON?}
 * reports RRC idle and the guard does not protect).
 */
public final class DualMcu {
  private final ModuleDriver driver;
  private final Scheduler scheduler;
  private final Duration pollInterval;
  private final List<FirmwareIndication> firmware = new CopyOnWriteArrayList<>();

  /**
   * Creates the communication MCU on a session.
   *
   * @param session the AT session on the module's link
   * @param scheduler the scheduler for the listen window, the watchdog and the polls
   * @param listenWindow the listen window after each uplink (the seed: at least 2 minutes)
   * @param pollInterval how often the module state is polled before power-off
   */
  public DualMcu(
      AtSession session, Scheduler scheduler, Duration listenWindow, Duration pollInterval) {
    this.scheduler = scheduler;
    this.pollInterval = pollInterval;
    this.driver =
        ModuleDriver.builder()
            .session(session)
            .scheduler(scheduler)
            .listenWindow(listenWindow)
            .pollInterval(pollInterval)
            .listener(this::record)
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
   * Runs one cycle: initialise, send the uplink and listen, then wait for a DFOTA to end and for
   * RRC idle before powering off.
   *
   * @param uplink the uplink payload
   * @param powerOffTimeout how long to poll for permission to power off (at least the seed's two
   *     35-minute windows when a DFOTA runs)
   * @return what the cycle saw
   */
  public CompletableFuture<Outcome> run(HexPayload uplink, Duration powerOffTimeout) {
    return driver
        .initialise()
        .thenCompose(r -> driver.sendAndListen(uplink))
        .thenCompose(
            outcome -> {
              System.out.println("listen window: " + outcome);
              CompletableFuture<Void> over = CompletableFuture.completedFuture(null);
              if (outcome == ListenOutcome.DFOTA_STARTED) {
                System.out.println("DFOTA running: keep the module powered, poll until it is over");
                over = new CompletableFuture<>();
                pollUntilOver(over, scheduler.now().plus(powerOffTimeout));
              }
              return over.thenCompose(v -> powerOff(outcome, powerOffTimeout));
            });
  }

  private CompletableFuture<Outcome> powerOff(ListenOutcome outcome, Duration powerOffTimeout) {
    return driver
        .awaitSafeToPowerOff(powerOffTimeout)
        .thenApply(
            verdict -> {
              System.out.println(
                  verdict.allowed() ? "power off: allowed" : "power off: " + verdict.reason());
              return new Outcome(outcome == ListenOutcome.DFOTA_STARTED, firmware, null, verdict);
            });
  }

  /**
   * The communication MCU's polling loop while a DFOTA runs: it sends no AT command (seed §4.2) and
   * looks at what the driver received every poll interval, until {@code FIRMWARE UPDATE OVER} or
   * the deadline.
   */
  private void pollUntilOver(CompletableFuture<Void> over, Instant deadline) {
    GuardStatus status = driver.guard().status();
    if (status.lastIndication() == FirmwareIndication.UPDATE_OVER && !status.isProtected()
        || !scheduler.now().isBefore(deadline)) {
      over.complete(null);
      return;
    }
    scheduler.schedule(pollInterval, () -> pollUntilOver(over, deadline));
  }

  private void record(ModuleEvent event) {
    if (event instanceof ModuleEvent.Firmware) {
      ModuleEvent.Firmware f = (ModuleEvent.Firmware) event;
      System.out.println("< " + f.urc().line() + "   (guard: " + f.status().mode() + ")");
      firmware.add(f.urc().indication());
    } else if (event instanceof ModuleEvent.LwM2mEvent) {
      System.out.println("< " + ((ModuleEvent.LwM2mEvent) event).urc().line());
    }
  }
}
