package io.dfota.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a {@link FotaTarget} operation failed. It completes the operation's future exceptionally; the
 * campaign engine turns it into the device's failure description.
 */
public final class FotaOperationException extends DfotaException {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure. */
  public enum Failure {
    /** The device is not registered or cannot be reached. */
    UNREACHABLE,
    /** The device answered with an error (for example CoAP 4.04 or 4.05); the message has it. */
    REJECTED,
    /** The device did not answer in time. */
    TIMEOUT,
    /** The operation was cancelled, for example because the platform is stopping. */
    CANCELLED
  }

  private final Failure failure;

  /**
   * Creates the exception.
   *
   * @param failure the kind
   * @param message what failed, and how
   */
  public FotaOperationException(Failure failure, String message) {
    this(failure, message, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param failure the kind
   * @param message what failed, and how
   * @param cause the cause
   */
  public FotaOperationException(Failure failure, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /**
   * Returns the kind of failure.
   *
   * @return the kind
   */
  public Failure failure() {
    return failure;
  }
}
