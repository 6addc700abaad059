package io.dfota.signing;

import io.dfota.signing.internal.Crypto;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A public key the platform trusts for one manufacturer: the seed's "public-key management" upload,
 * where the manufacturer name must match the profile's (protocol-notes §1.1, §5.1).
 *
 * @param manufacturer the manufacturer name, or {@link #ANY_MANUFACTURER}
 * @param key the public key
 */
public record TrustedKey(String manufacturer, PublicKey key) {

  /** The manufacturer value that accepts any manufacturer named in a manifest. */
  public static final String ANY_MANUFACTURER = "*";

  /** Validates the components. */
  public TrustedKey {
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(key, "key");
    if (!ANY_MANUFACTURER.equals(manufacturer)) {
      ManufacturerNames.check(manufacturer);
    }
  }

  /**
   * Trusts a key for whatever manufacturer the signed manifest names (the command line's {@code
   * verify} without {@code --manufacturer}).
   *
   * @param key the public key
   * @return the trusted key
   */
  public static TrustedKey forAnyManufacturer(PublicKey key) {
    return new TrustedKey(ANY_MANUFACTURER, key);
  }

  /**
   * Returns the key id: base64url, without padding, of SHA-256 over the SubjectPublicKeyInfo DER.
   *
   * @return the key id
   */
  public String keyId() {
    return Crypto.keyId(key);
  }

  /**
   * Tells whether this key may sign for the given manufacturer.
   *
   * @param name the manufacturer named in a manifest
   * @return true if allowed
   */
  public boolean allows(String name) {
    return ANY_MANUFACTURER.equals(manufacturer) || manufacturer.equals(name);
  }
}
