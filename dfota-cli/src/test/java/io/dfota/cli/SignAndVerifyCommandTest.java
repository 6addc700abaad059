package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignAndVerifyCommandTest {

  @TempDir static Path keys;

  @TempDir Path dir;

  @BeforeAll
  static void generateKeys() {
    assertEquals(
        0,
        Cli.run("keygen", "--alg", "ECDSA-P256-SHA256", "--out", keys.resolve("a").toString())
            .code());
    assertEquals(
        0,
        Cli.run("keygen", "--alg", "ECDSA-P256-SHA256", "--out", keys.resolve("b").toString())
            .code());
  }

  private static String key(String who, String file) {
    return keys.resolve(who).resolve(file).toString();
  }

  private byte[] bin;

  private Path packageAndSign() throws Exception {
    bin = new byte[40_000];
    new Random(3).nextBytes(bin);
    Path binFile = dir.resolve("BC35GJBR01A03_TO_BC35GJBR01A04.bin");
    Files.write(binFile, bin);
    Cli.Result p = Cli.run("package", "--bin", binFile.toString());
    assertEquals(Main.EXIT_OK, p.code(), p::toString);
    Path zip = dir.resolve("BC35GJBR01A03_TO_BC35GJBR01A04.zip");
    assertTrue(Files.exists(zip));
    Cli.Result s =
        Cli.run(
            "sign", "--key", key("a", "private.pem"), "--manufacturer", "Quectel", zip.toString());
    assertEquals(Main.EXIT_OK, s.code(), s::toString);
    Path signed = dir.resolve("BC35GJBR01A03_TO_BC35GJBR01A04_signed.zip");
    assertTrue(s.out().contains(signed.toString()), s::toString);
    return signed;
  }

  @Test
  void packageSignVerifyPrintsTheBinNameSizeAndSha256() throws Exception {
    Path signed = packageAndSign();
    Cli.Result v = Cli.run("verify", "--public-key", key("a", "public.pem"), signed.toString());
    assertEquals(Main.EXIT_OK, v.code(), v::toString);
    assertTrue(v.out().contains("verified: BC35GJBR01A03_TO_BC35GJBR01A04.bin"), v::toString);
    assertTrue(v.out().contains("size: 40000"), v::toString);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bin));
    assertTrue(v.out().contains("sha256: " + sha), v::toString);
    assertTrue(v.out().contains("manufacturer: Quectel"), v::toString);
  }

  @Test
  void verifyWithTheWrongManufacturerFails() throws Exception {
    Path signed = packageAndSign();
    Cli.Result v =
        Cli.run(
            "verify",
            "--public-key",
            key("a", "public.pem"),
            "--manufacturer",
            "Acme",
            signed.toString());
    assertEquals(Main.EXIT_FAILED, v.code(), v::toString);
    assertTrue(v.err().contains("MANUFACTURER_MISMATCH"), v::toString);
  }

  @Test
  void verifyWithAnotherKeyFailsWithOneLine() throws Exception {
    Path signed = packageAndSign();
    Cli.Result v = Cli.run("verify", "--public-key", key("b", "public.pem"), signed.toString());
    assertEquals(Main.EXIT_FAILED, v.code(), v::toString);
    assertEquals(1, v.errLines(), v::toString);
    assertTrue(v.err().contains("UNKNOWN_KEY"), v::toString);
  }

  @Test
  void tamperedPackageFailsWithOneLine() throws Exception {
    Path signed = packageAndSign();
    byte[] bytes = Files.readAllBytes(signed);
    bytes[100] ^= 0x10;
    Files.write(signed, bytes);
    Cli.Result v = Cli.run("verify", "--public-key", key("a", "public.pem"), signed.toString());
    assertEquals(Main.EXIT_FAILED, v.code(), v::toString);
    assertEquals(1, v.errLines(), v::toString);
    assertTrue(v.err().contains("DIGEST_MISMATCH"), v::toString);
  }

  @Test
  void truncatedPackageFailsWithOneLine() throws Exception {
    Path signed = packageAndSign();
    byte[] bytes = Files.readAllBytes(signed);
    Files.write(signed, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    Cli.Result v = Cli.run("verify", "--public-key", key("a", "public.pem"), signed.toString());
    assertEquals(Main.EXIT_FAILED, v.code(), v::toString);
    assertEquals(1, v.errLines(), v::toString);
    assertTrue(v.err().contains("MALFORMED_ZIP"), v::toString);
  }

  @Test
  void missingPackageIsAnIoError() {
    Cli.Result v =
        Cli.run(
            "verify", "--public-key", key("a", "public.pem"), dir.resolve("gone.zip").toString());
    assertEquals(Main.EXIT_IO, v.code(), v::toString);
    assertEquals(1, v.errLines(), v::toString);
    assertTrue(v.err().contains("no such file"), v::toString);
  }

  @Test
  void missingPublicKeyIsAnIoError() throws Exception {
    Path signed = packageAndSign();
    Cli.Result v =
        Cli.run("verify", "--public-key", dir.resolve("nope.pem").toString(), signed.toString());
    assertEquals(Main.EXIT_IO, v.code(), v::toString);
    assertEquals(1, v.errLines(), v::toString);
  }

  @Test
  void wrongPasswordIsAKeyErrorWithOneLine() throws Exception {
    Path zip = Files.write(dir.resolve("x.bin"), new byte[] {1, 2, 3});
    assertEquals(0, Cli.run("package", "--bin", zip.toString()).code());
    Cli.Result s =
        Cli.run(
            Map.of(Main.PASSWORD_ENV, "Wrong-pass1"),
            "sign",
            "--key",
            key("a", "private.pem"),
            "--manufacturer",
            "Quectel",
            dir.resolve("x.zip").toString());
    assertEquals(Main.EXIT_IO, s.code(), s::toString);
    assertEquals(1, s.errLines(), s::toString);
    assertTrue(s.err().contains("wrong password"), s::toString);
    assertTrue(!Files.exists(dir.resolve("x_signed.zip")));
  }

  @Test
  void publicKeyGivenAsSigningKeyIsAKeyError() throws Exception {
    Files.write(dir.resolve("x.bin"), new byte[] {1, 2, 3});
    assertEquals(0, Cli.run("package", "--bin", dir.resolve("x.bin").toString()).code());
    Cli.Result s =
        Cli.run(
            "sign",
            "--key",
            key("a", "public.pem"),
            "--manufacturer",
            "Quectel",
            dir.resolve("x.zip").toString());
    assertEquals(Main.EXIT_IO, s.code(), s::toString);
    assertEquals(1, s.errLines(), s::toString);
    assertTrue(s.err().contains("PUBLIC KEY"), s::toString);
  }

  @Test
  void missingZipIsAnIoError() {
    Cli.Result s =
        Cli.run(
            "sign",
            "--key",
            key("a", "private.pem"),
            "--manufacturer",
            "Quectel",
            dir.resolve("gone.zip").toString());
    assertEquals(Main.EXIT_IO, s.code(), s::toString);
    assertEquals(1, s.errLines(), s::toString);
    assertTrue(s.err().contains("no such file"), s::toString);
  }

  @Test
  void missingBinIsAnIoError() {
    Cli.Result p = Cli.run("package", "--bin", dir.resolve("gone.bin").toString());
    assertEquals(Main.EXIT_IO, p.code(), p::toString);
    assertEquals(1, p.errLines(), p::toString);
  }

  @Test
  void signWithoutManufacturerIsAUsageError() {
    Cli.Result s = Cli.run("sign", "--key", key("a", "private.pem"), "x.zip");
    assertEquals(Main.EXIT_USAGE, s.code(), s::toString);
    assertTrue(s.err().contains("--manufacturer"), s::toString);
  }
}
