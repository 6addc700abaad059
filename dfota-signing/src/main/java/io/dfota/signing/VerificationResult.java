package io.dfota.signing;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of verifying a QSIG/1 signed package (protocol-notes §5.3 step 6): the verified
 * {@code .bin} with its signer, or the first failed check with a reason. Never an exception.
 */
public sealed interface VerificationResult
    permits VerificationResult.Verified, VerificationResult.Rejected {

  /**
   * Tells whether the package was verified.
   *
   * @return true for {@link Verified}
   */
  default boolean isVerified() {
    return this instanceof Verified;
  }

  /**
   * The package is authentic: its manifest is signed by a trusted key and every entry matches.
   *
   * @param binary the verified {@code .bin}
   * @param manufacturer the manufacturer named in the signed manifest
   * @param keyId the id of the key that signed it
   * @param algorithm the signature algorithm
   * @param created the creation time stated in the signed manifest
   */
  record Verified(
      VerifiedBinary binary,
      String manufacturer,
      String keyId,
      SignatureAlgorithm algorithm,
      Instant created)
      implements VerificationResult {
    /** Validates the components. */
    public Verified {
      Objects.requireNonNull(binary, "binary");
      Objects.requireNonNull(manufacturer, "manufacturer");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(created, "created");
    }
  }

  /**
   * The package was rejected at its first failed check.
   *
   * @param reason the failed check
   * @param message one line that names what was wrong and what was expected
   */
  record Rejected(RejectionReason reason, String message) implements VerificationResult {
    /** Validates the components. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
