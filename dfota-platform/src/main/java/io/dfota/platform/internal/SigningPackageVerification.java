package io.dfota.platform.internal;

import io.dfota.platform.ManufacturerKey;
import io.dfota.platform.Outcome;
import io.dfota.platform.PlatformException;
import io.dfota.platform.Refusal;
import io.dfota.signing.PackageVerifier;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SigningException;
import io.dfota.signing.TrustedKey;
import io.dfota.signing.VerificationResult;
import io.dfota.signing.VerifiedBinary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Package verification with dfota-signing (QSIG/1, protocol-notes §5.3 step 6): the verifier trusts
 * exactly the manufacturer's active keys and must find the manifest signed for that manufacturer.
 */
final class SigningPackageVerification implements PackageVerification {

  @Override
  public Outcome<String> keyId(String pem) {
    try {
      return Outcome.accepted(PemKeys.keyId(PemKeys.readPublicKey(pem)));
    } catch (SigningException e) {
      return Outcome.refused(
          Refusal.INVALID_INPUT, "public.pem is not a usable public key: " + e.getMessage());
    }
  }

  @Override
  public Outcome<VerifiedBin> verify(
      Path signedZip, String manufacturer, List<ManufacturerKey> activeKeys, Path binOut) {
    List<TrustedKey> trusted = new ArrayList<>();
    for (ManufacturerKey k : activeKeys) {
      try {
        trusted.add(new TrustedKey(manufacturer, PemKeys.readPublicKey(k.pem())));
      } catch (SigningException e) {
        throw new PlatformException(
            "key: " + k.keyId() + " of " + manufacturer + " (expected: a readable stored key)", e);
      }
    }
    VerificationResult result =
        PackageVerifier.builder().trust(trusted).build().verify(signedZip, manufacturer);
    if (result instanceof VerificationResult.Rejected r) {
      return Outcome.refused(refusal(r), message(r));
    }
    VerificationResult.Verified v = (VerificationResult.Verified) result;
    VerifiedBinary bin = v.binary();
    try {
      bin.copyTo(binOut);
    } catch (IOException e) {
      throw new PlatformException("package: " + binOut + " cannot be written", e);
    }
    return Outcome.accepted(new VerifiedBin(bin.name(), bin.size(), bin.sha256Hex(), v.keyId()));
  }

  private static Refusal refusal(VerificationResult.Rejected r) {
    switch (r.reason()) {
      case UNKNOWN_KEY:
        return Refusal.UNKNOWN_KEY;
      case SIGNATURE_MISSING:
      case MANUFACTURER_MISMATCH:
      case ALGORITHM_MISMATCH:
      case BAD_SIGNATURE:
      case DIGEST_MISMATCH:
      case SIZE_MISMATCH:
      case UNLISTED_ENTRY:
      case MISSING_ENTRY:
        return Refusal.BAD_SIGNATURE;
      default:
        return Refusal.INVALID_INPUT;
    }
  }

  private static String message(VerificationResult.Rejected r) {
    switch (r.reason()) {
      case UNKNOWN_KEY:
        return "The package is not signed with an active public key of its manufacturer: "
            + r.message();
      case BAD_SIGNATURE:
        return "The package signature does not verify: " + r.message();
      default:
        return "The signed package is refused (" + r.reason() + "): " + r.message();
    }
  }
}
