package io.dfota.signing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.signing.internal.ArchiveWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile signed zips (issue #10; protocol-notes §5.3, docs/signed-package-format.md): a genuine
 * signed package altered by traversal and absolute names, duplicate entries, bombs, huge or deeply
 * nested manifests, too many entries, appended or prepended bytes, bit flips and truncation. The
 * verifier returns the documented rejection within a bounded time and never throws.
 */
class HostileZipProperties {
  private static final Duration CASE_LIMIT = Duration.ofSeconds(20);
  private static final String BIN = "BC35GJBR01A08_to_A10.bin";
  private static final String MF = "META-INF/QSIG.MF.json";
  private static final String SIG = "META-INF/QSIG.SIG";

  private static Path root;
  private static int counter;
  private static Map<String, byte[]> genuine;
  private static byte[] genuineBytes;
  private static PackageVerifier verifier;

  /** How a case alters the genuine package, and the rejections it may get. */
  enum Attack {
    TRAVERSAL(RejectionReason.UNSAFE_PATH),
    ABSOLUTE(RejectionReason.UNSAFE_PATH),
    DUPLICATE(RejectionReason.DUPLICATE_ENTRY),
    BOMB(RejectionReason.ZIP_BOMB),
    HUGE_MANIFEST(RejectionReason.MANIFEST_INVALID),
    NESTED_MANIFEST(RejectionReason.MANIFEST_INVALID),
    TOO_MANY_ENTRIES(RejectionReason.TOO_MANY_ENTRIES),
    APPENDED(RejectionReason.MALFORMED_ZIP),
    PREPENDED(RejectionReason.MALFORMED_ZIP),
    BIT_FLIPS(null),
    TRUNCATED(null);

    final Set<RejectionReason> expected;

    Attack(RejectionReason reason) {
      this.expected = reason == null ? Set.of(RejectionReason.values()) : Set.of(reason);
    }
  }

  @BeforeContainer
  static void sign() throws IOException {
    root = Files.createTempDirectory("hostile-zip");
    var pair = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);
    Map<String, byte[]> in = new LinkedHashMap<>();
    in.put(BIN, "delta".repeat(200).getBytes(StandardCharsets.US_ASCII));
    Path signed = Packages.signer(pair).sign(Packages.zip(root, "in.zip", in));
    genuineBytes = Files.readAllBytes(signed);
    genuine = Packages.entries(signed);
    verifier = Packages.verifier(pair);
    assertTrue(verifier.verify(signed).isVerified());
  }

  @AfterContainer
  static void delete() throws IOException {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Path archive(List<Map.Entry<String, byte[]>> list) throws IOException {
    Path out = root.resolve("a" + counter++ + ".zip");
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

  private static List<Map.Entry<String, byte[]>> genuineEntries() {
    List<Map.Entry<String, byte[]>> l = new ArrayList<>();
    l.add(Map.entry(BIN, genuine.get(BIN)));
    l.add(Map.entry(MF, genuine.get(MF)));
    l.add(Map.entry(SIG, genuine.get(SIG)));
    return l;
  }

  @Provide
  Arbitrary<String> unsafeNames() {
    return Arbitraries.of(
        "../evil.bin",
        "a/../../evil.bin",
        "fw/../../../etc/passwd",
        "..",
        "a/..",
        "..\\evil.bin",
        "./fw.bin",
        "a//b.bin",
        "a/\u0000b.bin");
  }

  @Provide
  Arbitrary<String> absoluteNames() {
    return Arbitraries.of("/etc/fw.bin", "/fw.bin", "C:\\fw.bin", "C:fw.bin", "\\\\host\\fw.bin");
  }

  private Path attack(Attack a, int n, String name) throws IOException {
    List<Map.Entry<String, byte[]>> l = genuineEntries();
    switch (a) {
      case TRAVERSAL, ABSOLUTE -> l.add(n % 3, Map.entry(name, new byte[] {1}));
      case DUPLICATE -> l.add(n % 4, l.get(n % 3));
      case BOMB -> {
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put(BIN, new byte[(1 + n % 8) * 512 * 1024]);
        bomb.put(MF, genuine.get(MF));
        bomb.put(SIG, genuine.get(SIG));
        return Packages.zip(root, "bomb" + counter++ + ".zip", bomb);
      }
      case HUGE_MANIFEST -> {
        byte[] big = new byte[VerifierLimits.DEFAULT_MAX_MANIFEST_BYTES + 1 + n];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        l.set(1, Map.entry(MF, big));
      }
      case NESTED_MANIFEST -> {
        int depth = 500 + n * 7;
        l.set(
            1,
            Map.entry(
                MF,
                ("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                    .getBytes(StandardCharsets.US_ASCII)));
      }
      case TOO_MANY_ENTRIES -> {
        for (int i = 0; i < VerifierLimits.DEFAULT_MAX_ENTRIES + n % 200; i++) {
          l.add(Map.entry("doc/" + i + ".txt", new byte[] {(byte) i}));
        }
      }
      default -> {
        Path p = root.resolve("raw" + counter++ + ".zip");
        byte[] b = genuineBytes.clone();
        if (a == Attack.APPENDED) {
          b = Arrays.copyOf(b, b.length + 1 + n % 100);
        } else if (a == Attack.PREPENDED) {
          byte[] c = new byte[b.length + 1 + n % 100];
          System.arraycopy(b, 0, c, c.length - b.length, b.length);
          b = c;
        } else if (a == Attack.TRUNCATED) {
          b = Arrays.copyOf(b, n % b.length);
        } else {
          for (int i = 0; i <= n % 8; i++) {
            int bit = (int) ((n * 2654435761L + i * 40503L) % (b.length * 8L));
            b[bit / 8] ^= (byte) (1 << (bit % 8));
          }
        }
        Files.write(p, b);
        return p;
      }
    }
    return archive(l);
  }

  @Property(tries = 150)
  void hostilePackagesGetTheirDocumentedRejectionAndNeverThrow(
      @ForAll Attack attack,
      @ForAll @IntRange(min = 0, max = 1_000_000) int n,
      @ForAll("unsafeNames") String unsafe,
      @ForAll("absoluteNames") String absolute)
      throws IOException {
    Path zip = attack(attack, n, attack == Attack.ABSOLUTE ? absolute : unsafe);
    VerificationResult r = assertTimeoutPreemptively(CASE_LIMIT, () -> verifier.verify(zip));
    assertFalse(r.isVerified(), () -> attack + " accepted");
    RejectionReason reason = Packages.rejected(r).reason();
    Statistics.label("attack").collect(attack);
    Statistics.label("reason").collect(reason);
    assertTrue(attack.expected.contains(reason), () -> attack + " got " + r);
    Files.delete(zip);
  }
}
