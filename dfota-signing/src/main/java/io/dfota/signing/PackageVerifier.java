package io.dfota.signing;

import io.dfota.signing.internal.ArchiveVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The platform's check of an uploaded signed package (protocol-notes §5.1 "the platform verifies
 * and unpacks", §5.3 step 6): limits, entry names, the canonical QSIG/1 layout, the manifest, the
 * trusted key chosen by key id and manufacturer, the signature over the manifest bytes, every
 * entry's size and digest, and the package policy. The first failure is returned as a {@link
 * VerificationResult.Rejected} value. Thread-safe and reusable.
 */
public final class PackageVerifier {

  private final ArchiveVerifier verifier;

  private PackageVerifier(ArchiveVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * Starts a verifier.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a signed package against any trusted key, for any manufacturer its key allows.
   *
   * @param signedZip the {@code _signed.zip}
   * @return the verified {@code .bin} or the reason for rejection; never throws on bad input
   */
  public VerificationResult verify(Path signedZip) {
    Objects.requireNonNull(signedZip, "signedZip");
    return verifier.verify(signedZip, null);
  }

  /**
   * Verifies a signed package that must be signed for the given manufacturer (the seed requires the
   * package's manufacturer to match the device profile's, protocol-notes §1.1).
   *
   * @param signedZip the {@code _signed.zip}
   * @param expectedManufacturer the manufacturer the manifest must name
   * @return the verified {@code .bin} or the reason for rejection; never throws on bad input
   */
  public VerificationResult verify(Path signedZip, String expectedManufacturer) {
    Objects.requireNonNull(signedZip, "signedZip");
    Objects.requireNonNull(expectedManufacturer, "expectedManufacturer");
    return verifier.verify(signedZip, expectedManufacturer);
  }

  /** Configures a {@link PackageVerifier}. */
  public static final class Builder {
    private final List<TrustedKey> keys = new ArrayList<>();
    private VerifierLimits limits = VerifierLimits.defaults();
    private PackagePolicy policy = PackagePolicy.EXACTLY_ONE_BIN;

    private Builder() {}

    /**
     * Trusts one key.
     *
     * @param key the key
     * @return this builder
     */
    public Builder trust(TrustedKey key) {
      keys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * Trusts several keys.
     *
     * @param trusted the keys
     * @return this builder
     */
    public Builder trust(Collection<TrustedKey> trusted) {
      trusted.forEach(this::trust);
      return this;
    }

    /**
     * Sets the limits; default {@link VerifierLimits#defaults()}.
     *
     * @param value the limits
     * @return this builder
     */
    public Builder limits(VerifierLimits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /**
     * Sets the package policy; default {@link PackagePolicy#EXACTLY_ONE_BIN}.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder packagePolicy(PackagePolicy value) {
      this.policy = Objects.requireNonNull(value, "packagePolicy");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if no key is trusted
     */
    public PackageVerifier build() {
      if (keys.isEmpty()) {
        throw new IllegalStateException("trust: no key (expected: at least one trusted key)");
      }
      return new PackageVerifier(new ArchiveVerifier(keys, limits, policy));
    }
  }
}
