package io.dfota.bench;

import io.dfota.signing.PackageSigner;
import io.dfota.signing.PackageVerifier;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import io.dfota.signing.TrustedKey;
import io.dfota.signing.VerificationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verification of a QSIG/1 signed package (protocol-notes §5.3 step 6) against a plain JDK SHA-256
 * of the same {@code .bin} bytes in the same run: in memory ({@code sha256}, the strict reading of
 * "raw SHA-256") and streamed on one thread from the entry's bytes in the signed package file
 * ({@code sha256OfPackageFile}). The goal is {@code verify} at least 0.9 times the throughput of
 * raw SHA-256: verification reads the file once, hashing each byte once with SHA-256 and CRC-32
 * (large entries are read ahead on a second thread). Run {@link VerifyRatio} for the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {

  /** The {@code .bin} size in bytes: 1 MiB and 16 MiB. */
  @Param({"1048576", "16777216"})
  public int size;

  /** The signature algorithm id; the seed's RSA by default. */
  @Param({"RSA2048-SHA256"})
  public String alg;

  private Path dir;
  private Path binFile;
  private byte[] bin;
  private Path signed;
  private long binOffset;
  private PackageVerifier verifier;

  /**
   * Writes a random {@code .bin}, zips and signs it, and builds the verifier.
   *
   * @throws IOException if the temporary files cannot be written
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("dfota-bench");
    bin = new byte[size];
    new SplittableRandom(size).nextBytes(bin);
    binFile = Files.write(dir.resolve("firmware.bin"), bin);
    KeyPair pair = PemKeys.generate(SignatureAlgorithm.fromId(alg));
    signed =
        PackageSigner.builder()
            .privateKey(pair.getPrivate())
            .manufacturer("Quectel")
            .build()
            .sign(Packager.zipBinary(binFile));
    verifier = PackageVerifier.builder().trust(new TrustedKey("Quectel", pair.getPublic())).build();
    // QSIG/1 stores the .bin first: its data follows the 30-byte local header and the name
    byte[] head = new byte[30];
    try (FileChannel ch = FileChannel.open(signed, StandardOpenOption.READ)) {
      ch.read(ByteBuffer.wrap(head), 0);
    }
    ByteBuffer le = ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    binOffset = 30L + Short.toUnsignedInt(le.getShort(26)) + Short.toUnsignedInt(le.getShort(28));
  }

  /**
   * Deletes the temporary files.
   *
   * @throws IOException if listing the directory fails
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /**
   * Verifies the signed package from its file.
   *
   * @return the result
   */
  @Benchmark
  public VerificationResult verify() {
    VerificationResult r = verifier.verify(signed);
    if (!r.isVerified()) {
      throw new IllegalStateException("benchmark package rejected: " + r);
    }
    return r;
  }

  /**
   * Hashes the same {@code .bin} bytes in memory with the JDK's SHA-256.
   *
   * @return the digest
   * @throws NoSuchAlgorithmException never
   */
  @Benchmark
  public byte[] sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(bin);
  }

  /**
   * Hashes the same {@code .bin} bytes with the JDK's SHA-256, streamed on one thread from the
   * signed package file itself (the entry's byte range) through a 256 KiB buffer: the least work
   * any verification from that file does.
   *
   * @return the digest
   * @throws IOException if reading fails
   * @throws NoSuchAlgorithmException never
   */
  @Benchmark
  public byte[] sha256OfPackageFile() throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    try (FileChannel ch = FileChannel.open(signed, StandardOpenOption.READ)) {
      long pos = binOffset;
      long remaining = size;
      while (remaining > 0) {
        buf.clear().limit((int) Math.min(buf.capacity(), remaining));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException("package ends early");
        }
        md.update(buf.array(), 0, n);
        pos += n;
        remaining -= n;
      }
    }
    return md.digest();
  }

  /**
   * Returns the signed package (for tests).
   *
   * @return the path
   */
  Path signedPackage() {
    return signed;
  }

  /**
   * Returns the {@code .bin} bytes (for tests).
   *
   * @return the bytes, not copied
   */
  byte[] binBytes() {
    return bin;
  }
}
