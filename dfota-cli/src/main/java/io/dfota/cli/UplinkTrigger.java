package io.dfota.cli;

import io.dfota.at.HexPayload;
import io.dfota.at.ModuleDriver;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.Fleet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each MCU does to trigger DFOTA in the seed (protocol-notes §1.2): once the module reports
 * {@code +QLWEVTIND:3} (the platform observes {@code /19/0/0}, data may flow), it sends {@code
 * AT+QLWULDATA=3,313233}. Like a meter's periodic report, the uplink is sent again every few
 * seconds (at most {@link #MAX_SENDS} times) until the module reports {@code +QLWEVTIND:5} or a
 * firmware URC, so that a NON uplink lost on the way does not leave the device waiting forever.
 */
final class UplinkTrigger {

  private static final Logger LOG = LoggerFactory.getLogger(UplinkTrigger.class);

  /** The most uplinks one MCU sends. */
  static final int MAX_SENDS = 10;

  /** The wait before an uplink is sent again. */
  static final long RESEND_MILLIS = 3000;

  private final EmulatedModule module;
  private final CompletableFuture<Void> dataObserved = new CompletableFuture<>();
  private final CompletableFuture<Void> fotaStarted = new CompletableFuture<>();
  private final AtomicInteger sends = new AtomicInteger();

  /** Listens to the module's AT output; create it before the fleet starts. */
  UplinkTrigger(EmulatedModule module) {
    this.module = module;
    module.addListener(
        (imei, line) -> {
          if (line.equals("+QLWEVTIND:3")) {
            dataObserved.complete(null);
          } else if (line.equals("+QLWEVTIND:5") || line.startsWith("FIRMWARE")) {
            fotaStarted.complete(null);
          }
        });
  }

  /**
   * Sends the uplink through the module's MCU driver once {@code /19/0/0} is observed, and again
   * until DFOTA starts.
   *
   * @param fleet the fleet holding the driver
   * @param timer the timer for the resends
   */
  void arm(Fleet fleet, ScheduledExecutorService timer) {
    ModuleDriver driver =
        fleet
            .driver(module.imei().value())
            .orElseThrow(() -> new CliException(Main.EXIT_IO, "no MCU driver"));
    dataObserved.thenRun(() -> send(driver, timer));
  }

  private void send(ModuleDriver driver, ScheduledExecutorService timer) {
    if (fotaStarted.isDone() || sends.incrementAndGet() > MAX_SENDS) {
      return;
    }
    driver
        .sendUplink(HexPayload.of(Seed.UPLINK))
        .thenAccept(
            r -> {
              if (!r.isOk()) {
                LOG.info("{}: uplink not sent: {}", module.imei(), r.describe());
              }
            });
    try {
      timer.schedule(() -> send(driver, timer), RESEND_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the command is ending
    }
  }
}
