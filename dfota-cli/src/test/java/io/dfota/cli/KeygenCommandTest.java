package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {

  @TempDir Path dir;

  @Test
  void generatesAnRsaKeyPairByDefault() {
    Cli.Result r = Cli.run("keygen", "--out", dir.toString());
    assertEquals(Main.EXIT_OK, r.code(), r::toString);
    assertTrue(r.out().contains("RSA2048-SHA256"), r::toString);
    assertEquals(
        SignatureAlgorithm.RSA2048_SHA256,
        SignatureAlgorithm.forKey(PemKeys.readPublicKey(dir.resolve("public.pem"))));
    assertTrue(r.out().contains(PemKeys.keyId(PemKeys.readPublicKey(dir.resolve("public.pem")))));
  }

  @Test
  void generatesAnEcdsaKeyPairWithThePasswordFromAFile() throws Exception {
    Path pw = dir.resolve("pw.txt");
    Files.writeString(pw, "Other-pass1\n");
    Cli.Result r =
        Cli.run(
            Map.of(),
            "keygen",
            "--alg",
            "ECDSA-P256-SHA256",
            "--out",
            dir.resolve("keys").toString(),
            "--password-file",
            pw.toString());
    assertEquals(Main.EXIT_OK, r.code(), r::toString);
    PemKeys.readPrivateKey(dir.resolve("keys/private.pem"), "Other-pass1".toCharArray());
  }

  @Test
  void weakPasswordIsAUsageError() {
    Cli.Result r =
        Cli.run(
            Map.of(Main.PASSWORD_ENV, "abcdefgh"),
            "keygen",
            "--alg",
            "ECDSA-P256-SHA256",
            "--out",
            dir.toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertEquals(1, r.errLines(), r::toString);
    assertTrue(r.err().contains("character class"), r::toString);
    assertFalse(Files.exists(dir.resolve("private.pem")));
  }

  @Test
  void missingPasswordWithoutTerminalIsAUsageError() {
    Cli.Result r =
        Cli.run(Map.of(), "keygen", "--alg", "ECDSA-P256-SHA256", "--out", dir.toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("--password-file"), r::toString);
  }

  @Test
  void unknownAlgorithmIsAUsageError() {
    Cli.Result r = Cli.run("keygen", "--alg", "DSA", "--out", dir.toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("DSA"), r::toString);
  }

  @Test
  void existingKeysAreKeptUnlessForced() {
    assertEquals(
        0, Cli.run("keygen", "--alg", "ECDSA-P256-SHA256", "--out", dir.toString()).code());
    Cli.Result again = Cli.run("keygen", "--alg", "ECDSA-P256-SHA256", "--out", dir.toString());
    assertEquals(Main.EXIT_IO, again.code(), again::toString);
    assertEquals(1, again.errLines(), again::toString);
    assertEquals(
        Main.EXIT_OK,
        Cli.run("keygen", "--alg", "ECDSA-P256-SHA256", "--out", dir.toString(), "--force").code());
  }

  @Test
  void passwordIsNeverAnArgument() {
    Cli.Result r = Cli.run("keygen", "--password", "Quectel123", "--out", dir.toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : new String[] {"keygen", "package", "sign", "verify"}) {
      Cli.Result r = Cli.run(sub, "--help");
      assertEquals(Main.EXIT_OK, r.code(), r::toString);
      assertTrue(r.out().contains("Usage: dfota " + sub), r::toString);
    }
    Cli.Result top = Cli.run("--help");
    assertTrue(top.out().contains("keygen") && top.out().contains("verify"), top::toString);
  }
}
