package io.dfota.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception dfota throws: programming errors (an argument outside its range, a
 * builder missing a field) and broken input streams. Expected protocol outcomes, such as a refused
 * state transition, an {@code ERROR} from the module or a bad signature, are returned as values,
 * never thrown.
 *
 * <p>Each module has its own subtype; the message names what was wrong and what was expected.
 */
public class DfotaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what was wrong and what was expected.
   *
   * @param message the description
   */
  public DfotaException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message the description
   * @param cause the cause, if any
   */
  public DfotaException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
