package io.dfota.cli;

import io.dfota.signing.PackageSigner;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dfota sign}: the signtool's signing step, {@code X.zip} to {@code X_signed.zip}. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign X.zip into X_signed.zip next to it (QSIG/1: the entries unchanged, plus"
          + " META-INF/QSIG.MF.json and META-INF/QSIG.SIG). Upload X_signed.zip as is.",
      "The password comes from --password-file, else DFOTA_PASSWORD, else a prompt."
    })
final class SignCommand implements Callable<Integer> {

  @ParentCommand private Main main;

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "private.pem",
      description = "Private key.")
  private Path key;

  @Option(
      names = "--manufacturer",
      required = true,
      paramLabel = "NAME",
      description = "Manufacturer name; must match the platform's device profile.")
  private String manufacturer;

  @Option(
      names = "--alg",
      converter = AlgorithmConverter.class,
      description = "Signature algorithm; by default the one that fits the key.")
  private SignatureAlgorithm algorithm;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the password from the first line of FILE.")
  private Path passwordFile;

  @Parameters(index = "0", paramLabel = "X.zip", description = "The zip holding the delta .bin.")
  private Path zip;

  @Override
  public Integer call() {
    PrivateKey privateKey;
    char[] password = Passwords.read(passwordFile, main.env(), "Private-key password", false);
    try {
      privateKey = PemKeys.readPrivateKey(key, password);
    } finally {
      Passwords.clear(password);
    }
    PackageSigner.Builder builder =
        PackageSigner.builder().privateKey(privateKey).manufacturer(manufacturer);
    if (algorithm != null) {
      builder.algorithm(algorithm);
    }
    PackageSigner signer = builder.build();
    Path signed = signer.sign(zip);
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s%nmanufacturer: %s%nalgorithm: %s%nkey id: %s%n",
            signed, manufacturer, signer.algorithm().id(), signer.keyId());
    return Main.EXIT_OK;
  }
}
