package io.dfota.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the {@link DfotaGuard}.
 *
 * @param mode NORMAL or PROTECTED
 * @param phase which watchdog window runs, if any
 * @param lastIndication the last firmware URC seen, or null
 * @param protectedSince when protection began, or null when NORMAL
 * @param deadline when the running window expires, or null
 * @param rrc the last RRC mode reported by {@code +CSCON}, or null when unknown (none yet, or the
 *     module rebooted since)
 * @param restartsRequested how many module restarts the watchdog asked for so far
 */
public record GuardStatus(
    Mode mode,
    Phase phase,
    @Nullable FirmwareIndication lastIndication,
    @Nullable Instant protectedSince,
    @Nullable Instant deadline,
    @Nullable RrcMode rrc,
    int restartsRequested) {

  /** Validates the snapshot. */
  public GuardStatus {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(phase, "phase");
  }

  /** The guard's two modes (protocol-notes §7: NORMAL → PROTECTED → NORMAL). */
  public enum Mode {
    /** Normal business: data, sleep and power-off (in RRC idle) are allowed. */
    NORMAL,
    /** DFOTA runs: no data AT commands, no sleep, no reset, no power-off. */
    PROTECTED
  }

  /** The watchdog windows of seed Table 2. */
  public enum Phase {
    /** No window runs (NORMAL). */
    NONE,
    /** The first window: 35 minutes from {@code FIRMWARE DOWNLOADING} to {@code OVER}. */
    WATCHDOG,
    /** After the watchdog restarted the module: keep it powered up to another 35 minutes. */
    RECOVERY
  }

  /**
   * Returns whether the guard is protecting the module.
   *
   * @return true when PROTECTED
   */
  public boolean isProtected() {
    return mode == Mode.PROTECTED;
  }
}
