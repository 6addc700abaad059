package io.dfota.platform;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A manufacturer's uploaded {@code public.pem} (seed §2.1, "public-key management"): the key the
 * platform verifies that manufacturer's signed packages with. Several keys of one manufacturer may
 * be active at once; a retired key no longer verifies new uploads.
 *
 * @param manufacturer the manufacturer name; it must match a Profile's {@code manufacturerName}
 * @param keyId the key's id as dfota-signing computes it
 * @param pem the PEM text of the public key
 * @param uploaded when the key was uploaded
 * @param retired when the key was retired, or null while active
 */
public record ManufacturerKey(
    String manufacturer, String keyId, String pem, Instant uploaded, @Nullable Instant retired) {

  /** Validates the fields. */
  public ManufacturerKey {
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(pem, "pem");
    Objects.requireNonNull(uploaded, "uploaded");
  }

  /**
   * Returns whether the key still verifies uploads.
   *
   * @return true until retired
   */
  public boolean active() {
    return retired == null;
  }

  /**
   * Returns this key retired at the given time.
   *
   * @param when the retirement time
   * @return the retired key
   */
  public ManufacturerKey retire(Instant when) {
    return new ManufacturerKey(manufacturer, keyId, pem, uploaded, when);
  }
}
