package io.dfota.core;

import java.util.Objects;

/**
 * The {@link DfotaGuard}'s answer to "may I do this now?": allowed, or refused with a reason the
 * application can show.
 *
 * @param operation the operation asked about
 * @param allowed whether it may proceed
 * @param reason why it is refused, or "allowed"
 */
public record GuardVerdict(GuardOperation operation, boolean allowed, String reason) {
  /** Validates the verdict. */
  public GuardVerdict {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(reason, "reason");
  }

  static GuardVerdict allow(GuardOperation op) {
    return new GuardVerdict(op, true, "allowed");
  }

  static GuardVerdict refuse(GuardOperation op, String reason) {
    return new GuardVerdict(op, false, reason);
  }
}
