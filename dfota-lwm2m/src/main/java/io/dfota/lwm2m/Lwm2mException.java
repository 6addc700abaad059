package io.dfota.lwm2m;

import io.dfota.core.DfotaException;
import org.jspecify.annotations.Nullable;

/**
 * A programming error or broken state in dfota-lwm2m: a builder missing a field, an argument out of
 * range, a CoAP endpoint that cannot start. Expected protocol outcomes (a CoAP error code from the
 * peer, a malformed TLV from the network) are values, never this exception.
 */
public final class Lwm2mException extends DfotaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message "name: value (expected: ...)"
   */
  public Lwm2mException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message "name: value (expected: ...)"
   * @param cause the cause
   */
  public Lwm2mException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
