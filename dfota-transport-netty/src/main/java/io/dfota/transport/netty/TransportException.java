package io.dfota.transport.netty;

import io.dfota.core.DfotaException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a write on an {@code AtTransport} link failed, or why a transport could not be built or
 * started. A failed write future carries it; its message is the reason in words ("transport
 * closed", "not connected to 127.0.0.1:5000", "outbound buffer full: ...").
 */
public final class TransportException extends DfotaException {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure. */
  public enum Failure {
    /** The transport was closed for good; every pending write ends with this. */
    CLOSED,
    /** The link is down now (a reconnect may be under way). */
    NOT_CONNECTED,
    /** The outbound buffer is over its limit: the peer reads slower than the caller writes. */
    BUFFER_FULL,
    /** The operating system refused the write or the link broke while writing. */
    IO_ERROR,
    /** The transport was misused or misconfigured (a second start, a bad setting). */
    ILLEGAL_USE
  }

  private final Failure failure;

  /**
   * Creates the exception.
   *
   * @param failure the kind
   * @param message the reason
   */
  public TransportException(Failure failure, String message) {
    this(failure, message, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param failure the kind
   * @param message the reason
   * @param cause the cause, if any
   */
  public TransportException(Failure failure, String message, @Nullable Throwable cause) {
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
