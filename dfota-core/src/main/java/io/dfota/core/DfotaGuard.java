package io.dfota.core;

import io.dfota.core.GuardStatus.Mode;
import io.dfota.core.GuardStatus.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The MCU-side DFOTA guard of the Quectel guide (seed §4.2, Tables 1 and 2; protocol-notes §1.4, §6
 * P2–P4): it follows the firmware URCs, module reboots and {@code +CSCON} reports, and decides what
 * the application may do with the module.
 *
 * <ul>
 *   <li>NORMAL → PROTECTED on {@code FIRMWARE DOWNLOADING}. A {@code DOWNLOADED} or {@code
 *       UPDATING} seen while NORMAL (for example after the MCU itself restarted in the middle of a
 *       FOTA) also protects, because the module is visibly updating.
 *   <li>PROTECTED → NORMAL only on {@code FIRMWARE UPDATE OVER}, or through the watchdog below.
 *   <li>While PROTECTED, sending data, sleeping, resetting and powering off are refused with a
 *       reason.
 *   <li>Watchdog: {@link Builder#watchdogWindow(Duration) 35 minutes} after the last {@code
 *       DOWNLOADING} without {@code OVER}, decide by the last firmware URC (Table 2): DOWNLOADING,
 *       DOWNLOADED or UPDATING → ask the application to restart the module ({@link
 *       Listener#onRestartRequested}) and stay protected at most {@link
 *       Builder#recoveryWindow(Duration) another 35 minutes}; UPDATE SUCCESS, DOWNLOAD FAILED or
 *       UPDATE FAILED → back to NORMAL.
 *   <li>Power-off is allowed only when NORMAL and the last RRC report is idle ({@code +CSCON} mode
 *       0; the mode is parsed, not the literal string). A module reboot makes the RRC state
 *       unknown.
 * </ul>
 *
 * <p>All timers run on the injected {@link Scheduler}. Thread-safe; listeners are called outside
 * the guard's lock, in the order of the changes.
 */
public final class DfotaGuard {

  /** The seed's 35-minute windows. */
  public static final Duration SEED_WINDOW = Duration.ofMinutes(35);

  /** Receives the guard's changes. */
  public interface Listener {
    /**
     * Called when the mode, phase or last indication changes.
     *
     * @param status the new status
     */
    default void onStatusChanged(GuardStatus status) {}

    /**
     * Called when the watchdog expired while the module was still downloading or updating: restart
     * the module now (for example with {@code AT+NRB}, or a power cycle if it does not answer),
     * then keep it powered. This is the one reset the guard itself asks for while PROTECTED.
     *
     * @param status the status, in phase RECOVERY
     */
    default void onRestartRequested(GuardStatus status) {}
  }

  private final Scheduler scheduler;
  private final Duration watchdogWindow;
  private final Duration recoveryWindow;
  private final List<Listener> listeners;

  private Mode mode = Mode.NORMAL;
  private Phase phase = Phase.NONE;
  private @Nullable FirmwareIndication last;
  private @Nullable Instant protectedSince;
  private @Nullable Instant deadline;
  private @Nullable RrcMode rrc;
  private int restartsRequested;
  private long timerGeneration;
  private Scheduler.@Nullable Cancellable timer;

  private DfotaGuard(Builder b) {
    this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
    this.watchdogWindow = b.watchdogWindow;
    this.recoveryWindow = b.recoveryWindow;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
  }

  /**
   * Returns a builder. The scheduler is required; both windows default to 35 minutes.
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
   * Returns the current status.
   *
   * @return a snapshot
   */
  public synchronized GuardStatus status() {
    return snapshot();
  }

  /**
   * Returns whether the guard protects the module now.
   *
   * @return true when PROTECTED
   */
  public synchronized boolean isProtected() {
    return mode == Mode.PROTECTED;
  }

  /**
   * Consumes a firmware URC.
   *
   * @param indication the URC
   */
  public void onFirmwareIndication(FirmwareIndication indication) {
    Objects.requireNonNull(indication, "indication");
    GuardStatus changed;
    synchronized (this) {
      last = indication;
      Instant now = scheduler.now();
      switch (indication) {
        case DOWNLOADING -> {
          if (mode == Mode.NORMAL) {
            protectedSince = now;
          }
          mode = Mode.PROTECTED;
          arm(Phase.WATCHDOG, watchdogWindow);
        }
        case DOWNLOADED, UPDATING -> {
          if (mode == Mode.NORMAL) {
            protectedSince = now;
            mode = Mode.PROTECTED;
            arm(Phase.WATCHDOG, watchdogWindow);
          }
        }
        case UPDATE_OVER -> toNormal();
        case DOWNLOAD_FAILED, UPDATE_SUCCESS, UPDATE_FAILED -> {
          // Table 1: stay protected until OVER; the watchdog decides if OVER never comes.
        }
      }
      changed = snapshot();
    }
    fireStatus(changed);
  }

  /**
   * Consumes a module reboot (a {@code REBOOT_CAUSE_*} banner). Reboots are expected during
   * UPDATING and do not end protection; the RRC state becomes unknown.
   */
  public void onModuleRebooted() {
    GuardStatus changed;
    synchronized (this) {
      rrc = null;
      changed = snapshot();
    }
    fireStatus(changed);
  }

  /**
   * Consumes an RRC report: the {@code <mode>} of {@code +CSCON:<n>,<mode>} or {@code
   * +CSCON:<mode>}.
   *
   * @param mode the RRC mode
   */
  public void onRrcReport(RrcMode mode) {
    Objects.requireNonNull(mode, "mode");
    synchronized (this) {
      rrc = mode;
    }
  }

  /**
   * Decides whether an operation is allowed now.
   *
   * @param operation the operation
   * @return the verdict, with the reason when refused
   */
  public synchronized GuardVerdict check(GuardOperation operation) {
    Objects.requireNonNull(operation, "operation");
    if (mode == Mode.PROTECTED) {
      return GuardVerdict.refuse(
          operation,
          describe(operation)
              + " refused: DFOTA in progress (last URC "
              + (last == null ? "none" : last.line())
              + ", protected since "
              + protectedSince
              + ", "
              + phase
              + " window ends "
              + deadline
              + "); wait for FIRMWARE UPDATE OVER");
    }
    if (operation == GuardOperation.POWER_OFF) {
      if (rrc == null) {
        return GuardVerdict.refuse(
            operation, "power-off refused: RRC state unknown; query AT+CSCON? and wait for mode 0");
      }
      if (rrc != RrcMode.IDLE) {
        return GuardVerdict.refuse(
            operation, "power-off refused: RRC connected (+CSCON mode 1); wait for mode 0 (idle)");
      }
    }
    return GuardVerdict.allow(operation);
  }

  private static String describe(GuardOperation op) {
    return switch (op) {
      case SEND_DATA -> "sending data";
      case SLEEP -> "sleep";
      case RESET -> "reset";
      case POWER_OFF -> "power-off";
    };
  }

  private void arm(Phase newPhase, Duration window) {
    if (timer != null) {
      timer.cancel();
    }
    phase = newPhase;
    deadline = scheduler.now().plus(window);
    long generation = ++timerGeneration;
    timer = scheduler.schedule(window, () -> expire(generation));
  }

  private void toNormal() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    timerGeneration++;
    mode = Mode.NORMAL;
    phase = Phase.NONE;
    protectedSince = null;
    deadline = null;
  }

  private void expire(long generation) {
    GuardStatus changed;
    boolean restart = false;
    synchronized (this) {
      if (generation != timerGeneration || mode != Mode.PROTECTED) {
        return;
      }
      timer = null;
      if (phase == Phase.WATCHDOG && last != null && last.inProgress()) {
        restartsRequested++;
        arm(Phase.RECOVERY, recoveryWindow);
        restart = true;
      } else {
        toNormal();
      }
      changed = snapshot();
    }
    fireStatus(changed);
    if (restart) {
      for (Listener l : listeners) {
        l.onRestartRequested(changed);
      }
    }
  }

  private GuardStatus snapshot() {
    return new GuardStatus(mode, phase, last, protectedSince, deadline, rrc, restartsRequested);
  }

  private void fireStatus(GuardStatus s) {
    for (Listener l : listeners) {
      l.onStatusChanged(s);
    }
  }

  /** Builds a {@link DfotaGuard}. */
  public static final class Builder {
    private @Nullable Scheduler scheduler;
    private Duration watchdogWindow = SEED_WINDOW;
    private Duration recoveryWindow = SEED_WINDOW;
    private final List<Listener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the scheduler the watchdog runs on (required).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the first window, from {@code FIRMWARE DOWNLOADING} to the watchdog decision.
     *
     * @param window a positive duration; default 35 minutes
     * @return this builder
     */
    public Builder watchdogWindow(Duration window) {
      this.watchdogWindow = positive("watchdogWindow", window);
      return this;
    }

    /**
     * Sets the recovery window, how long the module stays protected after a watchdog restart.
     *
     * @param window a positive duration; default 35 minutes
     * @return this builder
     */
    public Builder recoveryWindow(Duration window) {
      this.recoveryWindow = positive("recoveryWindow", window);
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
     * Builds the guard.
     *
     * @return the guard, NORMAL
     * @throws IllegalStateException if no scheduler was set
     */
    public DfotaGuard build() {
      if (scheduler == null) {
        throw new IllegalStateException("scheduler is required");
      }
      return new DfotaGuard(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d.isZero() || d.isNegative()) {
        throw new DfotaException(name + ": " + d + " (expected: > 0)");
      }
      return d;
    }
  }
}
