package io.dfota.cli;

import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dfota keygen}: the signtool's key generation (protocol-notes §5.1), cross-platform. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a signing key pair: DIR/private.pem (PKCS#8, AES-256, PBKDF2-HMAC-SHA256) and"
          + " DIR/public.pem (to upload to the platform for your manufacturer).",
      "The password comes from --password-file, else DFOTA_PASSWORD, else a prompt; it needs at"
          + " least 6 characters from 2 of: A-Z, a-z, 0-9, other."
    })
final class KeygenCommand implements Callable<Integer> {

  @ParentCommand private Main main;

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--alg",
      defaultValue = "RSA2048-SHA256",
      converter = AlgorithmConverter.class,
      description = "RSA2048-SHA256 (default), ECDSA-P256-SHA256 or ECDSA-SECP256K1-SHA256.")
  private SignatureAlgorithm algorithm;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  private Path out;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the password from the first line of FILE.")
  private Path passwordFile;

  @Option(names = "--force", description = "Replace existing private.pem and public.pem.")
  private boolean force;

  @Override
  public Integer call() {
    char[] password = Passwords.read(passwordFile, main.env(), "New private-key password", true);
    try {
      String problem = PemKeys.passwordProblem(password);
      if (problem != null) {
        throw new CliException(Main.EXIT_USAGE, problem);
      }
      KeyPair pair = PemKeys.generate(algorithm);
      PemKeys.writeKeyPair(pair, password, out, force);
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s and %s%nalgorithm: %s%nkey id: %s%n",
              out.resolve(PemKeys.PRIVATE_PEM),
              out.resolve(PemKeys.PUBLIC_PEM),
              algorithm.id(),
              PemKeys.keyId(pair.getPublic()));
      return Main.EXIT_OK;
    } finally {
      Passwords.clear(password);
    }
  }
}
