package io.dfota.cli;

import io.dfota.signing.PackageVerifier;
import io.dfota.signing.PemKeys;
import io.dfota.signing.RejectionReason;
import io.dfota.signing.TrustedKey;
import io.dfota.signing.VerificationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dfota verify}: the signtool's verification, and the platform's check on upload. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify X_signed.zip against public keys; print the verified .bin's name, size and SHA-256.",
      "Exit code 0 verified, 1 rejected (the reason is printed), 3 unreadable file or key."
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--public-key",
      required = true,
      paramLabel = "public.pem",
      description = "A trusted public key; repeat for several.")
  private List<Path> publicKeys;

  @Option(
      names = "--manufacturer",
      paramLabel = "NAME",
      description = "Require the package to be signed for this manufacturer.")
  private String manufacturer;

  @Parameters(index = "0", paramLabel = "X_signed.zip", description = "The signed package.")
  private Path signedZip;

  @Override
  public Integer call() {
    PackageVerifier.Builder builder = PackageVerifier.builder();
    for (Path file : publicKeys) {
      TrustedKey key =
          manufacturer == null
              ? TrustedKey.forAnyManufacturer(PemKeys.readPublicKey(file))
              : new TrustedKey(manufacturer, PemKeys.readPublicKey(file));
      builder.trust(key);
    }
    PackageVerifier verifier = builder.build();
    VerificationResult result =
        manufacturer == null
            ? verifier.verify(signedZip)
            : verifier.verify(signedZip, manufacturer);
    if (result instanceof VerificationResult.Verified) {
      VerificationResult.Verified v = (VerificationResult.Verified) result;
      spec.commandLine()
          .getOut()
          .printf(
              "verified: %s%nsize: %d%nsha256: %s%nmanufacturer: %s%nalgorithm: %s%nkey id: %s%n"
                  + "created: %s%n",
              v.binary().name(),
              v.binary().size(),
              v.binary().sha256Hex(),
              v.manufacturer(),
              v.algorithm().id(),
              v.keyId(),
              v.created());
      return Main.EXIT_OK;
    }
    VerificationResult.Rejected r = (VerificationResult.Rejected) result;
    if (r.reason() == RejectionReason.UNREADABLE) {
      throw new CliException(Main.EXIT_IO, r.message());
    }
    spec.commandLine()
        .getErr()
        .printf("%s: rejected (%s): %s%n", spec.qualifiedName(), r.reason(), r.message());
    return Main.EXIT_FAILED;
  }
}
