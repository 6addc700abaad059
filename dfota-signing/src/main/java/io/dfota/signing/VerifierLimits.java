package io.dfota.signing;

/**
 * The bounds a verifier applies to a signed package before reading it (protocol-notes §5.3 step
 * 6.1, DESIGN "bounded everywhere"). The signer applies the same limits, so that what it writes
 * verifies.
 *
 * @param maxPackageBytes the largest signed zip, in bytes (at most 2^31 - 1: QSIG/1 has no Zip64)
 * @param maxEntries the largest number of entries, including the two {@code META-INF/QSIG.*}
 * @param maxEntryBytes the largest uncompressed entry, in bytes
 * @param maxCompressionRatio the largest uncompressed / compressed ratio of an entry (zip bomb)
 * @param maxManifestBytes the largest manifest, in bytes
 */
public record VerifierLimits(
    long maxPackageBytes,
    int maxEntries,
    long maxEntryBytes,
    int maxCompressionRatio,
    int maxManifestBytes) {

  /** Default largest package: 64 MiB (a BC35-G delta is well under 1 MiB). */
  public static final long DEFAULT_MAX_PACKAGE_BYTES = 64L * 1024 * 1024;

  /** Default largest number of entries. */
  public static final int DEFAULT_MAX_ENTRIES = 64;

  /** Default largest compression ratio. */
  public static final int DEFAULT_MAX_COMPRESSION_RATIO = 100;

  /** Default largest manifest: 64 KiB. */
  public static final int DEFAULT_MAX_MANIFEST_BYTES = 64 * 1024;

  /** The hard cap of QSIG/1 without Zip64. */
  public static final long FORMAT_MAX_BYTES = Integer.MAX_VALUE;

  /** Validates the limits. */
  public VerifierLimits {
    if (maxPackageBytes < 1 || maxPackageBytes > FORMAT_MAX_BYTES) {
      throw new SigningException(
          "maxPackageBytes: " + maxPackageBytes + " (expected: 1 to " + FORMAT_MAX_BYTES + ")");
    }
    if (maxEntries < 3 || maxEntries > 65_535) {
      throw new SigningException("maxEntries: " + maxEntries + " (expected: 3 to 65535)");
    }
    if (maxEntryBytes < 1 || maxEntryBytes > FORMAT_MAX_BYTES) {
      throw new SigningException(
          "maxEntryBytes: " + maxEntryBytes + " (expected: 1 to " + FORMAT_MAX_BYTES + ")");
    }
    if (maxCompressionRatio < 1) {
      throw new SigningException(
          "maxCompressionRatio: " + maxCompressionRatio + " (expected: at least 1)");
    }
    if (maxManifestBytes < 256 || maxManifestBytes > 16 * 1024 * 1024) {
      throw new SigningException(
          "maxManifestBytes: " + maxManifestBytes + " (expected: 256 to 16777216)");
    }
  }

  /**
   * Returns the default limits: 64 MiB per package and per entry, 64 entries, ratio 100, 64 KiB
   * manifest.
   *
   * @return the defaults
   */
  public static VerifierLimits defaults() {
    return new VerifierLimits(
        DEFAULT_MAX_PACKAGE_BYTES,
        DEFAULT_MAX_ENTRIES,
        DEFAULT_MAX_PACKAGE_BYTES,
        DEFAULT_MAX_COMPRESSION_RATIO,
        DEFAULT_MAX_MANIFEST_BYTES);
  }

  /**
   * Returns a copy whose package and entry size limits are both {@code bytes}.
   *
   * @param bytes the new limit
   * @return the copy
   */
  public VerifierLimits withMaxPackageBytes(long bytes) {
    return new VerifierLimits(bytes, maxEntries, bytes, maxCompressionRatio, maxManifestBytes);
  }
}
