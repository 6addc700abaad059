package io.dfota.emulator.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dfota.core.UpdateResult;
import io.dfota.emulator.EmulatedPackage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The streaming QDFE check gives the verdict of {@link EmulatedPackage#check(byte[], String)}
 * whatever the bytes and however they are split into blocks.
 */
class QdfeStreamProperties {
  private static final String RUNNING = "BC35GJBR01A03";

  @Provide
  Arbitrary<EmulatedPackage> packages() {
    Arbitrary<String> version =
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(64);
    Arbitrary<String> from = Arbitraries.oneOf(Arbitraries.just(RUNNING), version);
    Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
    return Combinators.combine(from, version, payload)
        .as((f, t, p) -> new EmulatedPackage(f, t, EmulatedPackage.Bytes.copyOf(p)));
  }

  private static @Nullable UpdateResult expected(byte[] bin) {
    EmulatedPackage.Check c = EmulatedPackage.check(bin, RUNNING);
    return c instanceof EmulatedPackage.Check.Invalid inv ? inv.result() : null;
  }

  private static QdfeStream feed(byte[] bin, int chunk) {
    QdfeStream s = new QdfeStream(true);
    for (int off = 0; off < bin.length; off += chunk) {
      s.update(bin, off, Math.min(chunk, bin.length - off));
    }
    return s;
  }

  @Property(tries = 100)
  void agreesWithTheWholePackageCheckOnEncodedPackages(
      @ForAll("packages") EmulatedPackage pkg, @ForAll @IntRange(min = 1, max = 1100) int chunk) {
    byte[] bin = pkg.encode();
    QdfeStream s = feed(bin, chunk);
    UpdateResult r = s.refusal(RUNNING);
    assertEquals(expected(bin), r);
    if (r == null) {
      assertEquals(pkg.toVersion(), s.toVersion());
    }
  }

  @Property(tries = 100)
  void agreesWithTheWholePackageCheckAfterAnyByteChange(
      @ForAll("packages") EmulatedPackage pkg,
      @ForAll @IntRange(min = 0, max = 1 << 20) int at,
      @ForAll byte xor,
      @ForAll @IntRange(min = 1, max = 600) int chunk) {
    byte[] bin = pkg.encode();
    bin[at % bin.length] ^= xor;
    assertEquals(expected(bin), feed(bin, chunk).refusal(RUNNING));
  }

  @Property(tries = 100)
  void agreesWithTheWholePackageCheckOnArbitraryBytes(
      @ForAll @Size(max = 300) byte[] bin, @ForAll @IntRange(min = 1, max = 64) int chunk) {
    assertEquals(expected(bin), feed(bin, chunk).refusal(RUNNING));
  }

  @Property(tries = 100)
  void agreesOnTruncatedPackages(
      @ForAll("packages") EmulatedPackage pkg, @ForAll @IntRange(min = 0, max = 1 << 20) int cut) {
    byte[] bin = pkg.encode();
    byte[] head = java.util.Arrays.copyOf(bin, cut % (bin.length + 1));
    assertEquals(expected(head), feed(head, 7).refusal(RUNNING));
  }

  @Example
  void acceptsAValidPackageFedByteByByte() {
    byte[] payload = new byte[700];
    new java.util.Random(7).nextBytes(payload);
    byte[] bin =
        new EmulatedPackage(RUNNING, "BC35GJBR01A04", EmulatedPackage.Bytes.copyOf(payload))
            .encode();
    QdfeStream s = feed(bin, 1);
    assertNull(s.refusal(RUNNING));
    assertEquals("BC35GJBR01A04", s.toVersion());
  }

  @Example
  void skipsOnlyTheDigestWhenVerificationIsOff() {
    byte[] bin =
        new EmulatedPackage(RUNNING, "BC35GJBR01A04", EmulatedPackage.Bytes.copyOf(new byte[100]))
            .encode();
    bin[bin.length - 1] ^= 1;
    QdfeStream off = new QdfeStream(false);
    off.update(bin, 0, bin.length);
    assertNull(off.refusal(RUNNING));
    assertEquals(UpdateResult.INTEGRITY_FAILURE, feed(bin, 64).refusal(RUNNING));
    QdfeStream shortOne = new QdfeStream(false);
    shortOne.update(bin, 0, bin.length - 1);
    assertEquals(UpdateResult.INTEGRITY_FAILURE, shortOne.refusal(RUNNING));
  }
}
