package io.dfota.signing;

import io.dfota.core.DfotaException;
import org.jspecify.annotations.Nullable;

/**
 * A key, password or package operation of dfota-signing failed in a way the caller must handle: an
 * unreadable or wrongly encrypted key file, a password outside the policy, an input zip that cannot
 * be signed, a broken file system. A package that fails verification is not an exception: it is a
 * {@link VerificationResult.Rejected} value (protocol-notes §5.3 step 6).
 */
public final class SigningException extends DfotaException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception whose message names what was wrong and what was expected.
   *
   * @param message the description
   */
  public SigningException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message the description
   * @param cause the cause, if any
   */
  public SigningException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
