package io.dfota.signing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bit of a small signed package, and every truncation, is tried: no alteration is accepted
 * (the canonical layout binds every byte to the signature; docs/signed-package-format.md).
 */
class ExhaustiveTamperingTest {

  @TempDir Path dir;

  /**
   * The layout checks do not depend on the algorithm, so the seed's RSA is tried exhaustively; the
   * jqwik properties flip random bits for every algorithm.
   */
  @Test
  void everySingleBitFlipAndEveryTruncationIsRejected() throws Exception {
    KeyPair pair = TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.bin", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    entries.put("b.txt", new byte[] {9});
    Path signed = Packages.signer(pair).sign(Packages.zip(dir, "x.zip", entries));
    PackageVerifier verifier = Packages.verifier(pair);
    assertTrue(verifier.verify(signed).isVerified());
    byte[] original = Files.readAllBytes(signed);
    Path tampered = dir.resolve("t.zip");
    for (int bit = 0; bit < original.length * 8; bit++) {
      byte[] bytes = original.clone();
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(tampered, bytes);
      int b = bit;
      assertFalse(verifier.verify(tampered).isVerified(), () -> "bit " + b + " accepted");
    }
    for (int length = 0; length < original.length; length++) {
      Files.write(tampered, java.util.Arrays.copyOf(original, length));
      int l = length;
      assertFalse(verifier.verify(tampered).isVerified(), () -> "length " + l + " accepted");
    }
  }
}
