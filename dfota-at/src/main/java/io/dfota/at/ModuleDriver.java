package io.dfota.at;

import io.dfota.core.DfotaGuard;
import io.dfota.core.GuardOperation;
import io.dfota.core.GuardStatus;
import io.dfota.core.GuardVerdict;
import io.dfota.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCU-side driver of a BC35-G / BC28 / BC95 R2.0 module (seed §4.2, §5; protocol-notes §1.4, §6
 * P1–P5, P17): a high-level API over an {@link AtSession} and the core {@link DfotaGuard}.
 *
 * <ul>
 *   <li>{@link #initialise()}: {@code ATE0}, {@code AT+CMEE=1}, {@code AT+CSCON=1} (again after
 *       each module reboot, unless turned off).
 *   <li>Firmware URCs, reboots and {@code +CSCON} reports feed the guard; every URC becomes a typed
 *       {@link ModuleEvent} for the listeners.
 *   <li>While the guard is PROTECTED (from {@code FIRMWARE DOWNLOADING} to {@code FIRMWARE UPDATE
 *       OVER}), data commands complete at once with {@link AtResponse.Refused} carrying the guard's
 *       reason, and nothing is written to the module; restart requests are refused too.
 *   <li>When the 35-minute watchdog fires mid-FOTA, the driver restarts the module with {@code
 *       AT+NRB}; the guard's recovery window follows.
 *   <li>{@link #awaitSafeToPowerOff(Duration)} polls {@code AT+CSCON?} until RRC idle and not
 *       protected.
 *   <li>Manual mode: a {@link ManualFotaPolicy} answers {@code +QLWEVTIND:6/7}.
 *   <li>{@link #listen()} is the seed's polling window after an uplink (default 2 minutes).
 * </ul>
 *
 * <p>Thread-safe. Listeners run on the transport's or the scheduler's thread.
 */
public final class ModuleDriver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleDriver.class);

  /** The seed's listen window after an uplink. */
  public static final Duration DEFAULT_LISTEN_WINDOW = Duration.ofMinutes(2);

  /** Receives the driver's events. */
  @FunctionalInterface
  public interface Listener {
    /**
     * An event.
     *
     * @param event the event
     */
    void onEvent(ModuleEvent event);
  }

  private final AtSession session;
  private final Scheduler scheduler;
  private final DfotaGuard guard;
  private final @Nullable ManualFotaPolicy manualPolicy;
  private final Duration listenWindow;
  private final Duration pollInterval;
  private final boolean reinitialiseAfterReboot;
  private final List<Listener> listeners;
  private final Set<Window> windows = ConcurrentHashMap.newKeySet();
  private final AtSession.Listener urcListener = this::onUrc;

  private ModuleDriver(Builder b) {
    this.session = Objects.requireNonNull(b.session);
    this.scheduler = Objects.requireNonNull(b.scheduler);
    this.guard = b.guard != null ? b.guard : DfotaGuard.builder().scheduler(b.scheduler).build();
    this.manualPolicy = b.manualPolicy;
    this.listenWindow = b.listenWindow;
    this.pollInterval = b.pollInterval;
    this.reinitialiseAfterReboot = b.reinitialiseAfterReboot;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    guard.addListener(
        new DfotaGuard.Listener() {
          @Override
          public void onStatusChanged(GuardStatus status) {
            fire(new ModuleEvent.GuardChanged(status));
          }

          @Override
          public void onRestartRequested(GuardStatus status) {
            watchdogRestart(status);
          }
        });
    session.addListener(urcListener);
  }

  /**
   * Returns a builder; the session and the scheduler are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Returns the DFOTA guard the driver feeds.
   *
   * @return the guard
   */
  public DfotaGuard guard() {
    return guard;
  }

  /**
   * Returns the session.
   *
   * @return the session
   */
  public AtSession session() {
    return session;
  }

  /**
   * Turns echo off, numeric errors on and {@code +CSCON} reports on.
   *
   * @return the first response that is not {@code OK}, or the last {@code OK}
   */
  public CompletableFuture<AtResponse<NoContent>> initialise() {
    return session
        .send(new Ate(false))
        .thenCompose(r -> r.isOk() ? session.send(new Cmee(1)) : done(r))
        .thenCompose(r -> r.isOk() ? session.send(new Cscon.Set(1)) : done(r));
  }

  private static <R> CompletableFuture<AtResponse<R>> done(AtResponse<R> r) {
    return CompletableFuture.completedFuture(r);
  }

  /**
   * Reads the IMEI ({@code AT+CGSN=1}).
   *
   * @return the IMEI
   */
  public CompletableFuture<AtResponse<String>> readImei() {
    return session.send(new Cgsn());
  }

  /**
   * Reads the revision ({@code AT+CGMR}).
   *
   * @return the revision lines
   */
  public CompletableFuture<AtResponse<Cgmr.Revision>> readRevision() {
    return session.send(new Cgmr());
  }

  /**
   * Reads the DFOTA mode ({@code AT+QLWFOTAIND?}).
   *
   * @return automatic or manual
   */
  public CompletableFuture<AtResponse<FotaMode>> fotaMode() {
    return session.send(new Qlwfotaind.Query());
  }

  /**
   * Sets the DFOTA mode ({@code AT+QLWFOTAIND=0|1}); the module refuses it while a FOTA runs.
   *
   * @param mode {@link FotaMode#AUTOMATIC} or {@link FotaMode#MANUAL}
   * @return the response
   */
  public CompletableFuture<AtResponse<NoContent>> setFotaMode(FotaMode mode) {
    if (mode != FotaMode.AUTOMATIC && mode != FotaMode.MANUAL) {
      throw new AtException("mode: " + mode + " (expected: AUTOMATIC or MANUAL)");
    }
    return session.send(new Qlwfotaind.Set(mode));
  }

  /**
   * Sends a NON uplink ({@code AT+QLWULDATA}); refused while DFOTA runs.
   *
   * @param data the payload
   * @return the response, or {@link AtResponse.Refused} with the guard's reason
   */
  public CompletableFuture<AtResponse<NoContent>> sendUplink(HexPayload data) {
    return send(new Qlwuldata(data));
  }

  /**
   * Sends an uplink with a mode ({@code AT+QLWULDATAEX}); refused while DFOTA runs.
   *
   * @param data the payload
   * @param mode NON/CON and release assistance
   * @param seq the sequence number 1..255, or null
   * @return the response, or {@link AtResponse.Refused} with the guard's reason
   */
  public CompletableFuture<AtResponse<NoContent>> sendUplink(
      HexPayload data, UplinkMode mode, @Nullable Integer seq) {
    return send(new QlwuldataEx(data, mode, seq));
  }

  /**
   * Reads one buffered downlink ({@code AT+NMGR}).
   *
   * @return the payload, or empty when none is buffered
   */
  public CompletableFuture<AtResponse<Optional<HexPayload>>> readDownlink() {
    return session.send(new Nmgr());
  }

  /**
   * Sends any command; data commands ({@link AtCommand#sendsData()}) are refused while DFOTA runs,
   * without writing anything to the module.
   *
   * @param command the command
   * @param <R> its value type
   * @return the response
   */
  public <R> CompletableFuture<AtResponse<R>> send(AtCommand<R> command) {
    if (command.sendsData()) {
      GuardVerdict v = guard.check(GuardOperation.SEND_DATA);
      if (!v.allowed()) {
        return done(new AtResponse.Refused<>(v.reason()));
      }
    }
    return session.send(command);
  }

  /**
   * Asks the guard whether the module may sleep now.
   *
   * @return the verdict
   */
  public GuardVerdict requestSleep() {
    return guard.check(GuardOperation.SLEEP);
  }

  /**
   * Restarts the module with {@code AT+NRB}, unless DFOTA runs.
   *
   * @return {@link AtResponse.ModuleRestarted} when it worked, or {@link AtResponse.Refused}
   */
  public CompletableFuture<AtResponse<NoContent>> restart() {
    GuardVerdict v = guard.check(GuardOperation.RESET);
    if (!v.allowed()) {
      return done(new AtResponse.Refused<>(v.reason()));
    }
    return session.send(new Nrb());
  }

  /**
   * Waits until the module may be powered off: not protected and {@code AT+CSCON?} reports RRC idle
   * (seed Table 1, P4). Polls every poll interval; while protected it does not query.
   *
   * @param timeout how long to wait at most
   * @return the final verdict: allowed, or the last refusal when the deadline passed
   */
  public CompletableFuture<GuardVerdict> awaitSafeToPowerOff(Duration timeout) {
    CompletableFuture<GuardVerdict> result = new CompletableFuture<>();
    Instant deadline = scheduler.now().plus(timeout);
    pollPowerOff(result, deadline);
    return result;
  }

  private void pollPowerOff(CompletableFuture<GuardVerdict> result, Instant deadline) {
    if (guard.isProtected()) {
      retryPowerOff(result, deadline, guard.check(GuardOperation.POWER_OFF));
      return;
    }
    session
        .send(new Cscon.Query())
        .thenAccept(
            r -> {
              r.okValue().ifPresent(s -> guard.onRrcReport(s.mode()));
              GuardVerdict v = guard.check(GuardOperation.POWER_OFF);
              if (v.allowed() && r.isOk()) {
                result.complete(v);
              } else {
                retryPowerOff(
                    result,
                    deadline,
                    r.isOk()
                        ? v
                        : new GuardVerdict(
                            GuardOperation.POWER_OFF,
                            false,
                            "power-off refused: AT+CSCON? failed: " + r.describe()));
              }
            });
  }

  private void retryPowerOff(
      CompletableFuture<GuardVerdict> result, Instant deadline, GuardVerdict last) {
    Duration left = Duration.between(scheduler.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      result.complete(
          new GuardVerdict(last.operation(), false, last.reason() + " (deadline passed)"));
      return;
    }
    Duration wait = left.compareTo(pollInterval) < 0 ? left : pollInterval;
    scheduler.schedule(wait, () -> pollPowerOff(result, deadline));
  }

  /**
   * Opens the default listen window (2 minutes).
   *
   * @return how the window ended
   */
  public CompletableFuture<ListenOutcome> listen() {
    return listen(listenWindow);
  }

  /**
   * Opens a listen window: completes early with {@link ListenOutcome#DFOTA_STARTED} on {@code
   * +QLWEVTIND:5} or a firmware URC (or at once if the guard already protects), with {@link
   * ListenOutcome#MODULE_IDLE} on {@code +CSCON:0}, else with {@link ListenOutcome#WINDOW_ELAPSED}.
   *
   * @param window the window's length
   * @return how the window ended
   */
  public CompletableFuture<ListenOutcome> listen(Duration window) {
    Window w = new Window();
    if (guard.isProtected()) {
      w.future.complete(ListenOutcome.DFOTA_STARTED);
      return w.future;
    }
    windows.add(w);
    Scheduler.Cancellable timer =
        scheduler.schedule(window, () -> w.end(ListenOutcome.WINDOW_ELAPSED));
    w.future.whenComplete((o, e) -> timer.cancel());
    return w.future;
  }

  /**
   * Sends an uplink ({@code AT+QLWULDATA}) and then opens the default listen window, whatever the
   * reply (the seed's dual-MCU style). An uplink refused because DFOTA runs yields {@link
   * ListenOutcome#DFOTA_STARTED} at once.
   *
   * @param data the payload
   * @return how the window ended
   */
  public CompletableFuture<ListenOutcome> sendAndListen(HexPayload data) {
    return sendUplink(data).thenCompose(r -> listen());
  }

  private final class Window {
    final CompletableFuture<ListenOutcome> future = new CompletableFuture<>();

    void end(ListenOutcome outcome) {
      windows.remove(this);
      future.complete(outcome);
    }
  }

  private void endWindows(ListenOutcome outcome) {
    for (Window w : windows) {
      w.end(outcome);
    }
  }

  private void onUrc(Urc urc) {
    if (urc instanceof Urc.Firmware f) {
      guard.onFirmwareIndication(f.indication());
      fire(new ModuleEvent.Firmware(f, guard.status()));
      endWindows(ListenOutcome.DFOTA_STARTED);
    } else if (urc instanceof Urc.LwEvent e) {
      fire(new ModuleEvent.LwM2mEvent(e));
      if (e.is(LwEventType.FOTA_OBSERVED)) {
        endWindows(ListenOutcome.DFOTA_STARTED);
      } else if (e.is(LwEventType.PACKAGE_URI_RECEIVED) && manualPolicy != null) {
        answer(
            LwEventType.PACKAGE_URI_RECEIVED,
            manualPolicy.acceptDownload() ? FotaMode.ACCEPT_DOWNLOAD : FotaMode.REJECT_DOWNLOAD);
      } else if (e.is(LwEventType.UPDATE_REQUESTED) && manualPolicy != null) {
        answer(
            LwEventType.UPDATE_REQUESTED,
            manualPolicy.acceptUpdate() ? FotaMode.ACCEPT_UPDATE : FotaMode.REJECT_UPDATE);
      }
    } else if (urc instanceof Urc.RebootCause rc) {
      guard.onModuleRebooted();
      fire(new ModuleEvent.Restarted(rc));
      if (reinitialiseAfterReboot) {
        initialise()
            .thenAccept(
                r -> {
                  if (!r.isOk()) {
                    LOG.warn("re-initialising after {} failed: {}", rc.line(), r.describe());
                  }
                });
      }
    } else if (urc instanceof Urc.Cscon c) {
      guard.onRrcReport(c.mode());
      fire(new ModuleEvent.RrcChanged(c.mode()));
      if (c == Urc.Cscon.IDLE && !guard.isProtected()) {
        endWindows(ListenOutcome.MODULE_IDLE);
      }
    } else if (urc instanceof Urc.Nnmi n) {
      HexPayload data = n.data();
      if (data != null) {
        fire(new ModuleEvent.Downlink(data));
      } else {
        readDownlink()
            .thenAccept(
                r -> r.okValue().flatMap(o -> o).ifPresent(d -> fire(new ModuleEvent.Downlink(d))));
      }
    } else {
      fire(new ModuleEvent.OtherUrc(urc));
    }
  }

  private void answer(LwEventType event, FotaMode answer) {
    session
        .send(new Qlwfotaind.Set(answer))
        .thenAccept(r -> fire(new ModuleEvent.ManualAnswer(event, answer, r)));
  }

  private void watchdogRestart(GuardStatus status) {
    LOG.info("DFOTA watchdog: no FIRMWARE UPDATE OVER in time; restarting the module with AT+NRB");
    session.send(new Nrb()).thenAccept(r -> fire(new ModuleEvent.WatchdogRestart(status, r)));
  }

  private void fire(ModuleEvent event) {
    for (Listener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("driver listener failed on {}", event, e);
      }
    }
  }

  /** Detaches from the session (the session itself stays open). */
  @Override
  public void close() {
    session.removeListener(urcListener);
    endWindows(ListenOutcome.WINDOW_ELAPSED);
  }

  /** Builds a {@link ModuleDriver}. */
  public static final class Builder {
    private @Nullable AtSession session;
    private @Nullable Scheduler scheduler;
    private @Nullable DfotaGuard guard;
    private @Nullable ManualFotaPolicy manualPolicy;
    private Duration listenWindow = DEFAULT_LISTEN_WINDOW;
    private Duration pollInterval = Duration.ofSeconds(5);
    private boolean reinitialiseAfterReboot = true;
    private final List<Listener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the session (required).
     *
     * @param session the session
     * @return this builder
     */
    public Builder session(AtSession session) {
      this.session = Objects.requireNonNull(session, "session");
      return this;
    }

    /**
     * Sets the scheduler (required); the default guard and all windows run on it.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the guard; by default one with the seed's 35-minute windows on the scheduler.
     *
     * @param guard the guard
     * @return this builder
     */
    public Builder guard(DfotaGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /**
     * Enables manual-mode answers with the policy (the module must be in {@code AT+QLWFOTAIND=1}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder manualPolicy(ManualFotaPolicy policy) {
      this.manualPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the default listen window.
     *
     * @param window positive; default 2 minutes
     * @return this builder
     */
    public Builder listenWindow(Duration window) {
      this.listenWindow = positive("listenWindow", window);
      return this;
    }

    /**
     * Sets how often {@link #awaitSafeToPowerOff} polls.
     *
     * @param interval positive; default 5 seconds
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive("pollInterval", interval);
      return this;
    }

    /**
     * Sets whether the driver repeats {@link #initialise()} after each module reboot.
     *
     * @param on default true
     * @return this builder
     */
    public Builder reinitialiseAfterReboot(boolean on) {
      this.reinitialiseAfterReboot = on;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the driver and attaches it to the session.
     *
     * @return the driver
     * @throws IllegalStateException if the session or scheduler is missing
     */
    public ModuleDriver build() {
      if (session == null) {
        throw new IllegalStateException("session is required");
      }
      if (scheduler == null) {
        throw new IllegalStateException("scheduler is required");
      }
      return new ModuleDriver(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d.isZero() || d.isNegative()) {
        throw new AtException(name + ": " + d + " (expected: > 0)");
      }
      return d;
    }
  }
}
