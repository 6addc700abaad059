package io.dfota.at;

import io.dfota.core.DfotaException;
import org.jspecify.annotations.Nullable;

/**
 * The AT layer's exception: a broken byte stream (a line longer than the limit), a malformed hex
 * payload, a command argument out of range. The message says "name: value (expected: ...)".
 * Expected module answers ({@code ERROR}, {@code +CME ERROR}) are {@link AtResponse} values, not
 * this exception.
 */
public class AtException extends DfotaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what was expected
   */
  public AtException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong and what was expected
   * @param cause the cause
   */
  public AtException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
