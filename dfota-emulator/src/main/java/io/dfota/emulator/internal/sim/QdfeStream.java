package io.dfota.emulator.internal.sim;

import io.dfota.core.UpdateResult;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.EmulatorException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Checks a QDFE/1 emulated package ({@link EmulatedPackage}, docs/emulator.md) block by block as it
 * arrives, without keeping it: the header is collected, the payload is only counted and hashed. The
 * verdict is that of {@link EmulatedPackage#check(byte[], String)}: not QDFE or another format
 * version gives result 6, a malformed version field, a wrong length or a wrong SHA-256 result 5, a
 * from-version other than the running firmware result 6.
 */
final class QdfeStream {
  private static final byte[] MAGIC = EmulatedPackage.MAGIC.getBytes(StandardCharsets.US_ASCII);
  private static final int DIGEST_LENGTH = 32;

  /** Longest header: magic, format, two length-prefixed versions, length, digest. */
  private static final int MAX_HEADER =
      4 + 1 + 2 * (1 + EmulatedPackage.MAX_VERSION_LENGTH) + 4 + 32;

  private final boolean verifyDigest;
  private final byte[] header = new byte[MAX_HEADER];
  private int headerFill;
  private int headerLength = -1;
  private @Nullable String from;
  private @Nullable String to;
  private long declared;
  private byte @Nullable [] digest;
  private long payload;
  private @Nullable MessageDigest sha;

  /** The verdict's refusal before the payload is checked, or null while the header is fine. */
  private @Nullable UpdateResult headerRefusal;

  QdfeStream(boolean verifyDigest) {
    this.verifyDigest = verifyDigest;
  }

  /** Feeds the next bytes of the package. */
  void update(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && ((headerLength < 0 && headerRefusal == null) || headerFill < MAGIC.length)) {
      header[headerFill++] = b[i++];
      parseHeader();
    }
    if (i < end) {
      if (headerLength >= 0 && headerRefusal == null) {
        MessageDigest md = sha;
        if (md != null) {
          md.update(b, i, end - i);
        }
      }
      payload += end - i;
    }
  }

  private void parseHeader() {
    int n = headerFill;
    if (n <= 4) {
      if (header[n - 1] != MAGIC[n - 1]) {
        headerRefusal = UpdateResult.UNSUPPORTED_PACKAGE_TYPE;
      }
      return;
    }
    if (n == 5) {
      if ((header[4] & 0xff) != 1) {
        headerRefusal = UpdateResult.UNSUPPORTED_PACKAGE_TYPE;
      }
      return;
    }
    int fromLen = header[5] & 0xff;
    if (fromLen < 1 || fromLen > EmulatedPackage.MAX_VERSION_LENGTH) {
      headerRefusal = UpdateResult.INTEGRITY_FAILURE;
      return;
    }
    if (n < 7 + fromLen) {
      return;
    }
    int toLen = header[6 + fromLen] & 0xff;
    if (toLen < 1 || toLen > EmulatedPackage.MAX_VERSION_LENGTH) {
      headerRefusal = UpdateResult.INTEGRITY_FAILURE;
      return;
    }
    int total = 7 + fromLen + toLen + 4 + DIGEST_LENGTH;
    if (n < total) {
      return;
    }
    from = version(6, fromLen);
    to = version(7 + fromLen, toLen);
    if (from == null || to == null) {
      headerRefusal = UpdateResult.INTEGRITY_FAILURE;
      return;
    }
    int p = 7 + fromLen + toLen;
    declared =
        ((header[p] & 0xffL) << 24)
            | ((header[p + 1] & 0xffL) << 16)
            | ((header[p + 2] & 0xffL) << 8)
            | (header[p + 3] & 0xffL);
    digest = Arrays.copyOfRange(header, p + 4, p + 4 + DIGEST_LENGTH);
    headerLength = total;
    if (verifyDigest) {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new EmulatorException("SHA-256: not available (expected: in every JDK)", e);
      }
    }
  }

  private @Nullable String version(int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (header[i] < 0x21 || header[i] > 0x7e) {
        return null;
      }
    }
    return new String(header, off, len, StandardCharsets.US_ASCII);
  }

  /**
   * Returns the verdict once every byte was fed.
   *
   * @param runningVersion the device's {@code /3/0/3}
   * @return null for a valid package (then {@link #toVersion()} is set), else the result code
   */
  @Nullable UpdateResult refusal(String runningVersion) {
    if (headerFill < MAGIC.length) {
      return UpdateResult.INTEGRITY_FAILURE; // truncated before the magic was complete
    }
    if (headerRefusal != null) {
      return headerRefusal;
    }
    if (headerLength < 0) {
      return UpdateResult.INTEGRITY_FAILURE;
    }
    if (declared > EmulatedPackage.MAX_PAYLOAD || declared != payload) {
      return UpdateResult.INTEGRITY_FAILURE;
    }
    MessageDigest md = sha;
    if (md != null && !MessageDigest.isEqual(md.digest(), digest)) {
      return UpdateResult.INTEGRITY_FAILURE;
    }
    if (!runningVersion.equals(from)) {
      return UpdateResult.UNSUPPORTED_PACKAGE_TYPE;
    }
    return null;
  }

  /**
   * Returns the package's to-version once the header was read.
   *
   * @return the version, or null
   */
  @Nullable String toVersion() {
    return headerRefusal == null ? to : null;
  }
}
