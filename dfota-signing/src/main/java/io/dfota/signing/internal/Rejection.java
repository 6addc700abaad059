package io.dfota.signing.internal;

import io.dfota.signing.RejectionReason;

/**
 * Internal control flow of the verifier: the first failed check, turned into a {@code Rejected}
 * value at the API boundary and never seen by callers.
 */
public final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectionReason reason;

  /**
   * Creates a rejection.
   *
   * @param reason the failed check
   * @param message one line naming what was wrong and what was expected
   */
  public Rejection(RejectionReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /**
   * Returns the failed check.
   *
   * @return the reason
   */
  public RejectionReason reason() {
    return reason;
  }
}
