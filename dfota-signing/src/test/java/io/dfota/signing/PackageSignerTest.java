package io.dfota.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PackageSignerTest {

  private static final String BIN = "BC35GJBR01A03_TO_BC35GJBR01A04.bin";

  @TempDir Path dir;

  private static byte[] firmware(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void signedPackageVerifiesAndNamesTheBin(SignatureAlgorithm alg) throws Exception {
    byte[] bin = firmware(10_000);
    KeyPair pair = TestKeys.pair(alg);
    Path signed = Packages.signer(pair).sign(Packages.zipOneBin(dir, BIN, bin));

    VerificationResult.Verified v =
        Packages.verified(Packages.verifier(pair).verify(signed, "Quectel"));

    assertEquals(dir.resolve("package_signed.zip"), signed);
    assertEquals(BIN, v.binary().name());
    assertEquals(bin.length, v.binary().size());
    assertEquals(
        HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bin)),
        v.binary().sha256Hex());
    assertEquals("Quectel", v.manufacturer());
    assertEquals(alg, v.algorithm());
    assertEquals(PemKeys.keyId(pair.getPublic()), v.keyId());
    assertEquals(Packages.CLOCK.instant(), v.created());
  }

  @Test
  void signedZipStillUnzipsToTheOriginalBin() throws Exception {
    byte[] bin = firmware(70_000);
    Path signed =
        Packages.signer(TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256))
            .sign(Packages.zipOneBin(dir, BIN, bin));
    Map<String, byte[]> entries = Packages.entries(signed);
    assertEquals(
        List.of(BIN, "META-INF/QSIG.MF.json", "META-INF/QSIG.SIG"), List.copyOf(entries.keySet()));
    assertArrayEquals(bin, entries.get(BIN));
    String manifest = new String(entries.get("META-INF/QSIG.MF.json"), "UTF-8");
    assertTrue(
        manifest.startsWith("{\"format\":\"qsig/1\",\"alg\":\"ECDSA-P256-SHA256\""), manifest);
    assertTrue(manifest.contains("\"created\":\"2018-11-30T08:00:00Z\""), manifest);
  }

  @Test
  void packagerZipsTheBinNextToIt() throws Exception {
    byte[] bin = firmware(5000);
    Path binFile = dir.resolve("X.bin");
    Files.write(binFile, bin);
    Path zip = Packager.zipBinary(binFile);
    assertEquals(dir.resolve("X.zip"), zip);
    assertArrayEquals(bin, Packages.entries(zip).get("X.bin"));
    Path signed = Packages.signer(TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256)).sign(zip);
    assertEquals(dir.resolve("X_signed.zip"), signed);
    assertTrue(
        Packages.verifier(TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256))
            .verify(signed)
            .isVerified());
  }

  @Test
  void pathsWithChineseCharactersWork() throws Exception {
    // the signtool FAQ: paths with Chinese characters make its verification fail (protocol-notes
    // §5.1)
    Path chinese = Files.createDirectory(dir.resolve("固件包"));
    Path binFile = Files.write(chinese.resolve("升级.bin"), firmware(300));
    KeyPair pair = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path signed = Packages.signer(pair).sign(Packager.zipBinary(binFile));
    assertEquals(chinese.resolve("升级_signed.zip"), signed);
    assertEquals(
        "升级.bin", Packages.verified(Packages.verifier(pair).verify(signed)).binary().name());
  }

  @Test
  void packagerRefusesOtherFilesAndMissingOnes() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "x");
    assertThrows(SigningException.class, () -> Packager.zipBinary(dir.resolve("notes.txt")));
    SigningException e =
        assertThrows(SigningException.class, () -> Packager.zipBinary(dir.resolve("gone.bin")));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void verifiedBinaryStreamsAndCopiesTheBin() throws Exception {
    byte[] bin = firmware(200_000);
    KeyPair pair = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path signed = Packages.signer(pair).sign(Packages.zipOneBin(dir, BIN, bin));
    VerifiedBinary vb = Packages.verified(Packages.verifier(pair).verify(signed)).binary();
    try (InputStream in = vb.openStream()) {
      assertArrayEquals(bin, in.readAllBytes());
    }
    Path copy = dir.resolve("out.bin");
    vb.copyTo(copy);
    assertArrayEquals(bin, Files.readAllBytes(copy));
  }

  @Test
  void verifiedBinaryDetectsAFileReplacedAfterVerification() throws Exception {
    KeyPair pair = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path signed = Packages.signer(pair).sign(Packages.zipOneBin(dir, BIN, firmware(1000)));
    VerifiedBinary vb = Packages.verified(Packages.verifier(pair).verify(signed)).binary();
    Path other = Files.createDirectory(dir.resolve("other"));
    Path replacement = Packages.signer(pair).sign(Packages.zipOneBin(other, BIN, firmware(1001)));
    Files.copy(replacement, signed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThrows(IOException.class, () -> vb.copyTo(dir.resolve("out.bin")));
    assertFalse(Files.exists(dir.resolve("out.bin")));
  }

  @Test
  void alreadySignedZipIsRefused() throws Exception {
    KeyPair pair = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path signed = Packages.signer(pair).sign(Packages.zipOneBin(dir, BIN, firmware(100)));
    SigningException e =
        assertThrows(SigningException.class, () -> Packages.signer(pair).sign(signed));
    assertTrue(e.getMessage().contains("already signed"), e.getMessage());
  }

  @Test
  void zipWithoutExactlyOneBinIsRefused() throws Exception {
    Path zip = Packages.zip(dir, "two.zip", Map.of("a.bin", new byte[1], "b.bin", new byte[1]));
    KeyPair pair = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);
    SigningException e =
        assertThrows(SigningException.class, () -> Packages.signer(pair).sign(zip));
    assertTrue(e.getMessage().contains("2 top-level .bin"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("two_signed.zip")));
  }

  @Test
  void nonZipInputGivesOneClearMessage() throws Exception {
    Path zip = dir.resolve("bad.zip");
    Files.write(zip, firmware(500));
    SigningException e =
        assertThrows(
            SigningException.class,
            () -> Packages.signer(TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256)).sign(zip));
    assertTrue(e.getMessage().startsWith("zip: "), e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void algorithmThatDoesNotFitTheKeyIsRefused() {
    assertThrows(
        SigningException.class,
        () ->
            PackageSigner.builder()
                .privateKey(TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256).getPrivate())
                .algorithm(SignatureAlgorithm.ECDSA_P256_SHA256)
                .manufacturer("Quectel")
                .build());
    assertThrows(
        IllegalStateException.class,
        () ->
            PackageSigner.builder()
                .privateKey(TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256).getPrivate())
                .build());
  }
}
