package io.dfota.lwm2m;

import io.dfota.core.UpdateResult;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the device's update hook reports after Update {@code /5/0/2} was executed (protocol-notes
 * §3.2, T5 to T7). {@code reboot} says whether the device restarts to apply it (the module does:
 * {@code REBOOT_CAUSE_SECURITY_FOTA_UPGRADE}); the client then re-registers and notifies the final
 * state with the pre-reboot {@code /5/0/3} observation (P9).
 */
public sealed interface UpdateOutcome {

  /**
   * Returns whether the device reboots to apply the outcome.
   *
   * @return true for a reboot
   */
  boolean reboot();

  /**
   * The update applied: UPDATING→IDLE, result 1 (T5).
   *
   * @param newFirmwareVersion the new {@code /3/0/3}, or null to take the package's version (or
   *     keep the old one when unknown)
   * @param reboot whether the device reboots
   */
  record Success(@Nullable String newFirmwareVersion, boolean reboot) implements UpdateOutcome {}

  /**
   * The update failed: UPDATING→DOWNLOADED when the package is kept (T6), else →IDLE (T7).
   *
   * @param reason 8 (or 2, 3 when kept; 5 when invalidated)
   * @param packageKept whether a valid package is still stored
   * @param reboot whether the device reboots
   */
  record Failure(UpdateResult reason, boolean packageKept, boolean reboot)
      implements UpdateOutcome {
    /** Validates. */
    public Failure {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
