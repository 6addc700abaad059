package io.dfota.platform.internal;

import io.dfota.platform.ManufacturerKey;
import io.dfota.platform.Outcome;
import io.dfota.platform.Refusal;
import java.nio.file.Path;
import java.util.List;

/**
 * Package verification with dfota-signing (QSIG/1, protocol-notes §5.3). Until dfota-signing's
 * verifier is available on this branch, every upload is refused with a clear message.
 */
final class SigningPackageVerification implements PackageVerification {

  @Override
  public Outcome<String> keyId(String pem) {
    return Outcome.refused(
        Refusal.INVALID_INPUT, "Public keys cannot be read: dfota-signing is not available");
  }

  @Override
  public Outcome<VerifiedBin> verify(
      Path signedZip, String manufacturer, List<ManufacturerKey> activeKeys, Path binOut) {
    return Outcome.refused(
        Refusal.BAD_SIGNATURE, "Packages cannot be verified: dfota-signing is not available");
  }
}
