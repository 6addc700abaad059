package io.dfota.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Properties of QSIG/1 sign and verify (protocol-notes §5.3; STYLE rule 15). */
class PackageVerifierProperties {

  private static Path root;
  private static int counter;

  @BeforeContainer
  static void createRoot() throws IOException {
    root = Files.createTempDirectory("qsig-props");
  }

  @AfterContainer
  static void deleteRoot() throws IOException {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A generated input package: one .bin and maybe a few other files. */
  record Input(String binName, byte[] bin, Map<String, byte[]> others, SignatureAlgorithm alg) {}

  @Provide
  Arbitrary<Input> inputs() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .numeric()
            .withChars('_', '-', '.')
            .ofMinLength(1)
            .ofMaxLength(24);
    Arbitrary<byte[]> contents = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    Arbitrary<Map<String, byte[]>> others =
        Arbitraries.maps(names.map(n -> "doc/" + n + ".txt"), contents).ofMaxSize(3);
    return Combinators.combine(
            names.map(n -> n + ".bin"), contents, others, Arbitraries.of(SignatureAlgorithm.class))
        .as(Input::new);
  }

  private static Path sign(Input input) {
    try {
      Path dir = Files.createDirectory(root.resolve("p" + counter++));
      Map<String, byte[]> entries = new LinkedHashMap<>(input.others());
      entries.put(input.binName(), input.bin());
      return Packages.signer(TestKeys.pair(input.alg())).sign(Packages.zip(dir, "in.zip", entries));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 60)
  void signedPackagesVerifyAndYieldTheOriginalBin(@ForAll("inputs") Input input)
      throws IOException {
    Path signed = sign(input);
    VerificationResult.Verified v =
        Packages.verified(Packages.verifier(TestKeys.pair(input.alg())).verify(signed, "Quectel"));
    assertEquals(input.binName(), v.binary().name());
    assertEquals(input.bin().length, v.binary().size());
    try (InputStream in = v.binary().openStream()) {
      assertArrayEquals(input.bin(), in.readAllBytes());
    }
    Map<String, byte[]> unzipped = Packages.entries(signed);
    for (Map.Entry<String, byte[]> e : input.others().entrySet()) {
      assertArrayEquals(e.getValue(), unzipped.get(e.getKey()));
    }
  }

  @Property(tries = 100)
  void anySingleBitFlipIsNeverAccepted(
      @ForAll("inputs") Input input,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where)
      throws IOException {
    Path signed = sign(input);
    byte[] bytes = Files.readAllBytes(signed);
    int bit = where % (bytes.length * 8);
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    Files.write(signed, bytes);
    VerificationResult r = Packages.verifier(TestKeys.pair(input.alg())).verify(signed);
    assertFalse(r.isVerified(), () -> "bit " + bit + " of " + bytes.length + " bytes accepted");
  }

  @Property(tries = 100)
  void truncationAtAnyLengthIsNeverAccepted(
      @ForAll("inputs") Input input,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where)
      throws IOException {
    Path signed = sign(input);
    byte[] bytes = Files.readAllBytes(signed);
    int length = where % bytes.length;
    Files.write(signed, java.util.Arrays.copyOf(bytes, length));
    assertFalse(Packages.verifier(TestKeys.pair(input.alg())).verify(signed).isVerified());
  }

  @Property(tries = 40)
  void packageSignedByAnotherKeyIsRejected(@ForAll("inputs") Input input) {
    Path signed = sign(input);
    KeyPair other = TestKeys.other(input.alg());
    VerificationResult r = Packages.verifier(other).verify(signed);
    assertEquals(RejectionReason.UNKNOWN_KEY, Packages.rejected(r).reason());
  }

  @Property(tries = 200)
  void arbitraryBytesAreRejectedWithoutThrowing(@ForAll("garbage") byte[] bytes)
      throws IOException {
    Path file = Files.createTempFile(root, "garbage", ".zip");
    Files.write(file, bytes);
    VerificationResult r =
        Packages.verifier(TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256)).verify(file);
    assertFalse(r.isVerified());
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
  }
}
