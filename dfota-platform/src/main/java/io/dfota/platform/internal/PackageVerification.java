package io.dfota.platform.internal;

import io.dfota.platform.ManufacturerKey;
import io.dfota.platform.Outcome;
import java.nio.file.Path;
import java.util.List;

/**
 * The signature side of a package upload (protocol-notes §5.3 step 6), kept behind a small
 * interface so that the catalogue's field and profile rules do not depend on how signatures are
 * checked. The production implementation is {@link SigningPackageVerification} (dfota-signing).
 */
public interface PackageVerification {

  /**
   * Reads an uploaded {@code public.pem} and returns its key id.
   *
   * @param pem the PEM text
   * @return the key id, or a refusal
   */
  Outcome<String> keyId(String pem);

  /**
   * Verifies a signed zip against the manufacturer's active keys and, if it verifies, copies the
   * inner {@code .bin} to {@code binOut}.
   *
   * @param signedZip the upload
   * @param manufacturer the manufacturer the package claims
   * @param activeKeys that manufacturer's active keys
   * @param binOut where to write the {@code .bin}
   * @return the verified binary's identity, or a refusal ({@code UNKNOWN_KEY}, {@code
   *     BAD_SIGNATURE}, {@code INVALID_INPUT})
   */
  Outcome<VerifiedBin> verify(
      Path signedZip, String manufacturer, List<ManufacturerKey> activeKeys, Path binOut);

  /**
   * A verified package's inner binary.
   *
   * @param name the {@code .bin} name
   * @param size its size
   * @param sha256Hex its SHA-256
   * @param keyId the key that verified the signature
   */
  record VerifiedBin(String name, long size, String sha256Hex, String keyId) {}
}
