package io.dfota.samples.signandverify;

import io.dfota.signing.PackageSigner;
import io.dfota.signing.PackageVerifier;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import io.dfota.signing.TrustedKey;
import io.dfota.signing.VerificationResult;
import io.dfota.signing.VerifiedBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * Signs a delta firmware file the way the seed's signtool does (protocol-notes §1.1): zip {@code
 * X.bin} to {@code X.zip}, sign it into {@code X_signed.zip} with an RSA2048+SHA256 key, then
 * verify the signed zip as the platform does on upload and print the inner {@code .bin}.
 *
 * <p>Run: {@code java io.dfota.samples.signandverify.SignAndVerify [work-dir]} (default: a new
 * temporary directory).
 */
public final class SignAndVerify {
  /** The seed's delta package name (protocol-notes §1.1 "Delta package"). */
  public static final String BIN_NAME = "BC35GJBR01A03_TO_BC35GJBR01A04.bin";

  private SignAndVerify() {}

  /**
   * Entry point.
   *
   * @param args optional work directory
   * @throws IOException if the work directory cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("dfota-sign-");
    Path bin = dir.resolve(BIN_NAME);
    Files.write(bin, "an emulated delta package".getBytes(StandardCharsets.US_ASCII));
    VerifiedBinary verified = signAndVerify(bin);
    System.out.printf(
        "verified %s: %d bytes, SHA-256 %s%n",
        verified.name(), verified.size(), verified.sha256Hex());
  }

  /**
   * The sample proper: the whole signing API in a dozen lines.
   *
   * @param bin the delta firmware file, name ending in {@code .bin}
   * @return the verified {@code .bin} inside the signed zip
   */
  public static VerifiedBinary signAndVerify(Path bin) {
    // 1. the signtool's key pair (write it with PemKeys.writeKeyPair to keep it)
    KeyPair keys = PemKeys.generate(SignatureAlgorithm.RSA2048_SHA256);
    // 2. the signtool accepts only a .zip: X.bin -> X.zip
    Path zip = Packager.zipBinary(bin);
    // 3. sign: X.zip -> X_signed.zip, for the manufacturer named in the device profile
    PackageSigner signer =
        PackageSigner.builder().privateKey(keys.getPrivate()).manufacturer("Quectel").build();
    Path signedZip = signer.sign(zip);
    // 4. verify as the platform does on upload, trusting the manufacturer's public key
    PackageVerifier verifier =
        PackageVerifier.builder().trust(new TrustedKey("Quectel", keys.getPublic())).build();
    VerificationResult result = verifier.verify(signedZip, "Quectel");
    if (result instanceof VerificationResult.Verified) {
      return ((VerificationResult.Verified) result).binary();
    }
    throw new IllegalStateException(((VerificationResult.Rejected) result).message());
  }
}
