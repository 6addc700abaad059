package io.dfota.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.signing.internal.ArchiveWriter;
import io.dfota.signing.internal.Crypto;
import io.dfota.signing.internal.Manifest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageVerifierTest {

  private static final String BIN = "fw.bin";
  private static final KeyPair PAIR = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);

  @TempDir Path dir;

  private Path signed;
  private Map<String, byte[]> entries;

  @BeforeEach
  void signOnePackage() throws IOException {
    byte[] bin = new byte[3000];
    new Random(7).nextBytes(bin);
    signed = Packages.signer(PAIR).sign(Packages.zipOneBin(dir, BIN, bin));
    entries = Packages.entries(signed);
  }

  private VerificationResult verify(Path zip) {
    return Packages.verifier(PAIR).verify(zip);
  }

  /** Writes a canonical archive with the given entries, in order. */
  private Path archive(String name, List<Map.Entry<String, byte[]>> list) throws IOException {
    Path out = dir.resolve(name);
    try (FileChannel ch =
        FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ArchiveWriter w = new ArchiveWriter(ch, Packages.CLOCK.instant(), Integer.MAX_VALUE);
      for (Map.Entry<String, byte[]> e : list) {
        w.add(e.getKey(), e.getValue());
      }
      w.finish();
    }
    return out;
  }

  private Map.Entry<String, byte[]> entry(String name) {
    return Map.entry(name, entries.get(name));
  }

  private RejectionReason reason(Path zip) {
    return Packages.rejected(verify(zip)).reason();
  }

  @Test
  void rebuiltCanonicalArchiveStillVerifies() throws IOException {
    Path copy =
        archive(
            "copy.zip",
            List.of(entry(BIN), entry("META-INF/QSIG.MF.json"), entry("META-INF/QSIG.SIG")));
    assertTrue(verify(copy).isVerified(), () -> verify(copy).toString());
  }

  @Test
  void traversalNameIsRejected() throws IOException {
    Path zip =
        archive(
            "t.zip",
            List.of(
                entry(BIN),
                Map.entry("../evil.bin", new byte[] {1}),
                entry("META-INF/QSIG.MF.json"),
                entry("META-INF/QSIG.SIG")));
    assertEquals(RejectionReason.UNSAFE_PATH, reason(zip));
  }

  @Test
  void absoluteAndBackslashAndDriveNamesAreRejected() throws IOException {
    for (String bad : List.of("/etc/fw.bin", "a\\b.bin", "C:fw.bin", "a//b.bin", "./fw.bin")) {
      Path zip =
          archive(
              "n" + Math.abs(bad.hashCode()) + ".zip",
              List.of(
                  Map.entry(bad, new byte[] {1}),
                  entry("META-INF/QSIG.MF.json"),
                  entry("META-INF/QSIG.SIG")));
      assertEquals(RejectionReason.UNSAFE_PATH, reason(zip), bad);
    }
  }

  @Test
  void duplicateEntryIsRejected() throws IOException {
    Path zip =
        archive(
            "d.zip",
            List.of(
                entry(BIN),
                entry(BIN),
                entry("META-INF/QSIG.MF.json"),
                entry("META-INF/QSIG.SIG")));
    assertEquals(RejectionReason.DUPLICATE_ENTRY, reason(zip));
  }

  @Test
  void extraEntryIsRejected() throws IOException {
    Path zip =
        archive(
            "e.zip",
            List.of(
                entry(BIN),
                Map.entry("readme.txt", new byte[] {'h', 'i'}),
                entry("META-INF/QSIG.MF.json"),
                entry("META-INF/QSIG.SIG")));
    assertEquals(RejectionReason.UNLISTED_ENTRY, reason(zip));
  }

  @Test
  void extraMetaInfEntryIsRejected() throws IOException {
    Path zip =
        archive(
            "m.zip",
            List.of(
                entry(BIN),
                entry("META-INF/QSIG.MF.json"),
                entry("META-INF/QSIG.SIG"),
                Map.entry("META-INF/MANIFEST.MF", new byte[] {1})));
    assertEquals(RejectionReason.UNLISTED_ENTRY, reason(zip));
  }

  @Test
  void missingManifestIsRejected() throws IOException {
    Path zip = archive("nm.zip", List.of(entry(BIN), entry("META-INF/QSIG.SIG")));
    assertEquals(RejectionReason.MANIFEST_MISSING, reason(zip));
  }

  @Test
  void missingSignatureIsRejected() throws IOException {
    Path zip = archive("ns.zip", List.of(entry(BIN), entry("META-INF/QSIG.MF.json")));
    assertEquals(RejectionReason.SIGNATURE_MISSING, reason(zip));
  }

  @Test
  void missingBinIsRejected() throws IOException {
    Path zip =
        archive("nb.zip", List.of(entry("META-INF/QSIG.MF.json"), entry("META-INF/QSIG.SIG")));
    assertEquals(RejectionReason.MISSING_ENTRY, reason(zip));
  }

  @Test
  void replacedBinIsRejected() throws IOException {
    byte[] other = entries.get(BIN).clone();
    other[10] ^= 1;
    Path zip =
        archive(
            "r.zip",
            List.of(
                Map.entry(BIN, other), entry("META-INF/QSIG.MF.json"), entry("META-INF/QSIG.SIG")));
    assertEquals(RejectionReason.DIGEST_MISMATCH, reason(zip));
    byte[] longer = java.util.Arrays.copyOf(entries.get(BIN), 3001);
    Path zip2 =
        archive(
            "r2.zip",
            List.of(
                Map.entry(BIN, longer),
                entry("META-INF/QSIG.MF.json"),
                entry("META-INF/QSIG.SIG")));
    assertEquals(RejectionReason.SIZE_MISMATCH, reason(zip2));
  }

  @Test
  void zipBombIsRejected() throws IOException {
    Path zip = Packages.zip(dir, "bomb.zip", Map.of(BIN, new byte[10 * 1024 * 1024]));
    assertTrue(Files.size(zip) < 100_000);
    assertEquals(RejectionReason.ZIP_BOMB, reason(zip));
  }

  @Test
  void plainUnsignedZipIsRejected() throws IOException {
    Path zip =
        Packages.zipOneBin(Files.createDirectory(dir.resolve("plain")), BIN, new byte[] {1, 2});
    assertEquals(RejectionReason.MALFORMED_ZIP, reason(zip));
  }

  @Test
  void encryptedFlagIsRejected() throws IOException {
    byte[] bytes = Files.readAllBytes(signed);
    int cd = findCentral(bytes);
    bytes[cd + 8] |= 1;
    Path zip = dir.resolve("enc.zip");
    Files.write(zip, bytes);
    assertEquals(RejectionReason.ENCRYPTED_ENTRY, reason(zip));
  }

  @Test
  void otherKeyIsUnknown() {
    PackageVerifier verifier =
        PackageVerifier.builder()
            .trust(
                new TrustedKey(
                    "Quectel", TestKeys.other(SignatureAlgorithm.ECDSA_P256_SHA256).getPublic()))
            .build();
    assertEquals(RejectionReason.UNKNOWN_KEY, Packages.rejected(verifier.verify(signed)).reason());
  }

  @Test
  void keyOfAnotherManufacturerIsRejected() {
    PackageVerifier verifier =
        PackageVerifier.builder().trust(new TrustedKey("Acme", PAIR.getPublic())).build();
    assertEquals(
        RejectionReason.MANUFACTURER_MISMATCH, Packages.rejected(verifier.verify(signed)).reason());
  }

  @Test
  void expectedManufacturerMustMatch() {
    PackageVerifier verifier =
        PackageVerifier.builder().trust(TrustedKey.forAnyManufacturer(PAIR.getPublic())).build();
    assertTrue(verifier.verify(signed, "Quectel").isVerified());
    assertEquals(
        RejectionReason.MANUFACTURER_MISMATCH,
        Packages.rejected(verifier.verify(signed, "Acme")).reason());
  }

  @Test
  void manifestClaimingAnotherAlgorithmForTheKeyIsRejected() throws IOException {
    KeyPair rsa = TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256);
    Manifest m =
        new Manifest(
            SignatureAlgorithm.ECDSA_P256_SHA256,
            PemKeys.keyId(rsa.getPublic()),
            "Quectel",
            Packages.CLOCK.instant(),
            List.of());
    byte[] json = m.toJson();
    byte[] sig = Crypto.sign(SignatureAlgorithm.RSA2048_SHA256, rsa.getPrivate(), json);
    Path zip =
        archive(
            "alg.zip",
            List.of(Map.entry("META-INF/QSIG.MF.json", json), Map.entry("META-INF/QSIG.SIG", sig)));
    assertEquals(
        RejectionReason.ALGORITHM_MISMATCH,
        Packages.rejected(Packages.verifier(rsa).verify(zip)).reason());
  }

  @Test
  void policyViolationIsRejected() throws IOException {
    Path multi = Files.createDirectory(dir.resolve("multi"));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(BIN, new byte[] {1});
    files.put("readme.txt", new byte[] {2});
    Path signedMulti = Packages.signer(PAIR).sign(Packages.zip(multi, "m.zip", files));
    assertTrue(verify(signedMulti).isVerified());
    PackageVerifier strict =
        PackageVerifier.builder()
            .trust(new TrustedKey("Quectel", PAIR.getPublic()))
            .packagePolicy(PackagePolicy.ONLY_ONE_BIN)
            .build();
    assertEquals(
        RejectionReason.POLICY_VIOLATION, Packages.rejected(strict.verify(signedMulti)).reason());
  }

  @Test
  void limitsAreApplied() {
    PackageVerifier tiny =
        PackageVerifier.builder()
            .trust(new TrustedKey("Quectel", PAIR.getPublic()))
            .limits(VerifierLimits.defaults().withMaxPackageBytes(1000))
            .build();
    assertEquals(RejectionReason.TOO_LARGE, Packages.rejected(tiny.verify(signed)).reason());
    PackageVerifier few =
        PackageVerifier.builder()
            .trust(new TrustedKey("Quectel", PAIR.getPublic()))
            .limits(new VerifierLimits(1 << 20, 3, 1 << 20, 100, 4096))
            .build();
    assertTrue(few.verify(signed).isVerified());
  }

  @Test
  void missingFileIsUnreadable() {
    VerificationResult.Rejected r = Packages.rejected(verify(dir.resolve("gone.zip")));
    assertEquals(RejectionReason.UNREADABLE, r.reason());
    assertFalse(r.message().contains("\n"));
  }

  private static int findCentral(byte[] b) {
    for (int i = 0; i + 4 <= b.length; i++) {
      if (b[i] == 0x50 && b[i + 1] == 0x4b && b[i + 2] == 1 && b[i + 3] == 2) {
        return i;
      }
    }
    throw new AssertionError("no central directory");
  }
}
