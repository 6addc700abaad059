package io.dfota.emulator;

import io.dfota.core.UpdateResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The emulated delta-package format ("QDFE/1", see {@code docs/emulator.md}): what the emulated
 * BC35-G / BC28 / BC95 module expects inside the {@code .bin} that the platform serves. It stands
 * in for HiSilicon's real, undocumented delta format so that the emulator can check a download and
 * move {@code /3/0/3} to the new version on update.
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "QDFE"
 * 4       1     format version, 1
 * 5       1     length F of the from-version (1..64)
 * 6       F     from-version, printable ASCII (for example BC35GJBR01A03)
 * 6+F     1     length T of the to-version (1..64)
 * 7+F     T     to-version, printable ASCII
 * 7+F+T   4     payload length N, unsigned big-endian (0..16 MiB)
 * 11+F+T  32    SHA-256 of the payload
 * 43+F+T  N     payload
 * </pre>
 *
 * @param fromVersion the firmware version the delta applies to
 * @param toVersion the firmware version after the update, what {@code /3/0/3} reports afterwards
 * @param payload the delta payload (copied in and out)
 */
public record EmulatedPackage(String fromVersion, String toVersion, Bytes payload) {

  /** The four magic bytes. */
  public static final String MAGIC = "QDFE";

  /** Maximum version length. */
  public static final int MAX_VERSION_LENGTH = 64;

  /** Maximum payload size: 16 MiB. */
  public static final int MAX_PAYLOAD = 16 * 1024 * 1024;

  private static final int FORMAT_VERSION = 1;
  private static final int DIGEST_LENGTH = 32;

  /** Validates the package. */
  public EmulatedPackage {
    checkVersion("fromVersion", fromVersion);
    checkVersion("toVersion", toVersion);
    Objects.requireNonNull(payload, "payload");
    if (payload.length() > MAX_PAYLOAD) {
      throw new EmulatorException(
          "payload: " + payload.length() + " bytes (expected: <= " + MAX_PAYLOAD + ")");
    }
  }

  /** Immutable bytes. */
  public static final class Bytes {
    private final byte[] bytes;

    private Bytes(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * Copies the given bytes.
     *
     * @param bytes the bytes
     * @return the immutable copy
     */
    public static Bytes copyOf(byte[] bytes) {
      return new Bytes(bytes.clone());
    }

    /**
     * Returns the length.
     *
     * @return the number of bytes
     */
    public int length() {
      return bytes.length;
    }

    /**
     * Returns a copy of the bytes.
     *
     * @return a new array
     */
    public byte[] toArray() {
      return bytes.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Bytes[" + bytes.length + "]";
    }
  }

  /**
   * Encodes the package.
   *
   * @return the {@code .bin} bytes
   */
  public byte[] encode() {
    byte[] from = fromVersion.getBytes(StandardCharsets.US_ASCII);
    byte[] to = toVersion.getBytes(StandardCharsets.US_ASCII);
    byte[] body = payload.bytes;
    ByteBuffer b = ByteBuffer.allocate(43 + from.length + to.length + body.length);
    b.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).put((byte) FORMAT_VERSION);
    b.put((byte) from.length).put(from).put((byte) to.length).put(to);
    b.putInt(body.length).put(sha256(body)).put(body);
    return b.array();
  }

  /** The outcome of checking a downloaded {@code .bin}. */
  public sealed interface Check {
    /**
     * A well-formed package whose payload matches its digest.
     *
     * @param pkg the decoded package
     */
    record Valid(EmulatedPackage pkg) implements Check {}

    /**
     * A package the module refuses, with the Object 5 result code it reports.
     *
     * @param result the Update Result the module sets (5 integrity, 6 unsupported type)
     * @param reason a human-readable reason
     */
    record Invalid(UpdateResult result, String reason) implements Check {}
  }

  /**
   * Checks downloaded bytes as the emulated module does at the end of a download: structure and
   * digest (result 5 when wrong), then the from-version against the running firmware (result 6 when
   * it does not apply). Never throws on bad input.
   *
   * @param bin the downloaded bytes
   * @param runningVersion the module's current {@code /3/0/3}, or null to skip the version check
   * @return the check
   */
  public static Check check(byte[] bin, @Nullable String runningVersion) {
    ByteBuffer b = ByteBuffer.wrap(bin);
    try {
      byte[] magic = new byte[4];
      b.get(magic);
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        return new Check.Invalid(UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "not a QDFE package");
      }
      int version = b.get() & 0xff;
      if (version != FORMAT_VERSION) {
        return new Check.Invalid(
            UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "QDFE format version " + version);
      }
      String from = readVersion(b);
      String to = readVersion(b);
      if (from == null || to == null) {
        return new Check.Invalid(UpdateResult.INTEGRITY_FAILURE, "malformed version field");
      }
      long n = b.getInt() & 0xffffffffL;
      byte[] digest = new byte[DIGEST_LENGTH];
      b.get(digest);
      if (n > MAX_PAYLOAD || n != b.remaining()) {
        return new Check.Invalid(
            UpdateResult.INTEGRITY_FAILURE,
            "payload length " + n + " but " + b.remaining() + " bytes follow");
      }
      byte[] body = new byte[(int) n];
      b.get(body);
      if (!MessageDigest.isEqual(digest, sha256(body))) {
        return new Check.Invalid(UpdateResult.INTEGRITY_FAILURE, "payload SHA-256 mismatch");
      }
      if (runningVersion != null && !runningVersion.equals(from)) {
        return new Check.Invalid(
            UpdateResult.UNSUPPORTED_PACKAGE_TYPE,
            "delta applies to " + from + " but the module runs " + runningVersion);
      }
      return new Check.Valid(new EmulatedPackage(from, to, new Bytes(body)));
    } catch (java.nio.BufferUnderflowException e) {
      return new Check.Invalid(UpdateResult.INTEGRITY_FAILURE, "truncated package");
    }
  }

  /**
   * Returns the lower-case hex SHA-256 of the encoded package.
   *
   * @return 64 hex characters
   */
  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256(encode()));
  }

  private static @Nullable String readVersion(ByteBuffer b) {
    int len = b.get() & 0xff;
    if (len < 1 || len > MAX_VERSION_LENGTH) {
      return null;
    }
    byte[] v = new byte[len];
    b.get(v);
    for (byte c : v) {
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    return new String(v, StandardCharsets.US_ASCII);
  }

  private static void checkVersion(String field, String v) {
    Objects.requireNonNull(v, field);
    if (v.isEmpty()
        || v.length() > MAX_VERSION_LENGTH
        || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new EmulatorException(
          field
              + ": \""
              + v
              + "\" (expected: 1.."
              + MAX_VERSION_LENGTH
              + " printable ASCII characters)");
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new EmulatorException("SHA-256 unavailable", e);
    }
  }
}
