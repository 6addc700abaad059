package io.dfota.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.dfota.core.UpdateResult;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class EmulatedPackageProperties {

  @Provide
  Arbitrary<EmulatedPackage> packages() {
    Arbitrary<String> version =
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(64);
    Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    return Combinators.combine(version, version, payload)
        .as((f, t, p) -> new EmulatedPackage(f, t, EmulatedPackage.Bytes.copyOf(p)));
  }

  @Property(tries = 300)
  void encodeThenCheckGivesThePackageBack(@ForAll("packages") EmulatedPackage pkg) {
    EmulatedPackage.Check c = EmulatedPackage.check(pkg.encode(), pkg.fromVersion());
    assertEquals(pkg, assertInstanceOf(EmulatedPackage.Check.Valid.class, c).pkg());
  }

  @Property(tries = 300)
  void anySingleBitFlipIsNeverAcceptedAsTheSamePackage(
      @ForAll("packages") EmulatedPackage pkg, @ForAll @IntRange(min = 0, max = 1 << 20) int at) {
    byte[] bin = pkg.encode();
    int bit = at % (bin.length * 8);
    bin[bit / 8] ^= (byte) (1 << (bit % 8));
    EmulatedPackage.Check c = EmulatedPackage.check(bin, null);
    if (c instanceof EmulatedPackage.Check.Valid v) {
      // A flip inside a version string can still be a well-formed package, but never the same one.
      assertNotEquals(pkg, v.pkg());
      assertEquals(pkg.payload(), v.pkg().payload());
    }
  }

  @Property(tries = 200)
  void truncationIsAnIntegrityFailure(
      @ForAll("packages") EmulatedPackage pkg, @ForAll @IntRange(min = 0, max = 4096) int cut) {
    byte[] bin = pkg.encode();
    byte[] shorter = Arrays.copyOf(bin, cut % bin.length);
    EmulatedPackage.Check c = EmulatedPackage.check(shorter, null);
    EmulatedPackage.Check.Invalid inv = assertInstanceOf(EmulatedPackage.Check.Invalid.class, c);
    assertEquals(
        true,
        inv.result() == UpdateResult.INTEGRITY_FAILURE
            || inv.result() == UpdateResult.UNSUPPORTED_PACKAGE_TYPE);
  }

  @Property(tries = 300)
  void arbitraryBytesNeverThrow(@ForAll byte[] junk) {
    EmulatedPackage.check(junk, "BC35GJBR01A03");
  }

  @Property(tries = 50)
  void wrongFromVersionIsUnsupportedPackageType(@ForAll("packages") EmulatedPackage pkg) {
    EmulatedPackage.Check c = EmulatedPackage.check(pkg.encode(), pkg.fromVersion() + "X");
    assertEquals(
        UpdateResult.UNSUPPORTED_PACKAGE_TYPE,
        assertInstanceOf(EmulatedPackage.Check.Invalid.class, c).result());
  }
}
