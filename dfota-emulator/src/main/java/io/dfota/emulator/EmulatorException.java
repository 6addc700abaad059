package io.dfota.emulator;

import io.dfota.core.DfotaException;
import org.jspecify.annotations.Nullable;

/** A programming error or broken input in the module emulator. */
public final class EmulatorException extends DfotaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what was expected
   */
  public EmulatorException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong and what was expected
   * @param cause the cause
   */
  public EmulatorException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
