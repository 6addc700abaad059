package io.dfota.platform;

import io.dfota.core.DfotaException;
import org.jspecify.annotations.Nullable;

/**
 * A programming error or a broken store in dfota-platform: an argument outside its range, a builder
 * missing a field, a database that cannot be read. Expected refusals (a package whose fields do not
 * match its profile, a bad signature) are {@link Outcome.Refused} values instead.
 */
public final class PlatformException extends DfotaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message "name: value (expected: ...)"
   */
  public PlatformException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed
   * @param cause the cause
   */
  public PlatformException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
