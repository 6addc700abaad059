package io.dfota.lwm2m;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A DTLS pre-shared key (RFC 4279), the secret a module holds after {@code
 * AT+QSETPSK=<pskid>,<psk>} (protocol-notes §2.3 "Other") and the platform holds for the same PSK
 * identity. Immutable; {@link #toString()} never shows the key, and {@link #equals} compares in
 * constant time.
 */
public final class PreSharedKey {

  /** The shortest key accepted, bytes. */
  public static final int MIN_LENGTH = 4;

  /** The longest key accepted, bytes (RFC 4279 allows more; no module uses more). */
  public static final int MAX_LENGTH = 64;

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final byte[] bytes;

  private PreSharedKey(byte[] bytes) {
    if (bytes.length < MIN_LENGTH || bytes.length > MAX_LENGTH) {
      throw new Lwm2mException(
          "pre-shared key: "
              + bytes.length
              + " bytes (expected: "
              + MIN_LENGTH
              + ".."
              + MAX_LENGTH
              + ")");
    }
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of the key bytes.
   *
   * @param key 4 to 64 bytes
   * @return the key
   * @throws Lwm2mException if the length is out of range
   */
  public static PreSharedKey of(byte[] key) {
    return new PreSharedKey(Objects.requireNonNull(key, "key").clone());
  }

  /**
   * Parses a key written in hex, as {@code AT+QSETPSK} takes it.
   *
   * @param hex 8 to 128 hex digits, either case
   * @return the key
   * @throws Lwm2mException if the text is not such hex
   */
  public static PreSharedKey fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() % 2 != 0 || hex.length() > 2 * MAX_LENGTH) {
      throw new Lwm2mException(
          "pre-shared key hex: "
              + hex.length()
              + " characters (expected: an even number, at most "
              + 2 * MAX_LENGTH
              + ")");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') {
        throw new Lwm2mException(
            "pre-shared key hex: a character at " + i + " is not a hex digit (expected: [0-9A-F])");
      }
    }
    return new PreSharedKey(HEX.parseHex(hex));
  }

  /**
   * Draws a new random key.
   *
   * @param random the source, for example {@code new SecureRandom()}
   * @param length 4 to 64 bytes; 16 is what the modules take
   * @return the key
   */
  public static PreSharedKey random(SecureRandom random, int length) {
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw new Lwm2mException(
          "pre-shared key length: "
              + length
              + " (expected: "
              + MIN_LENGTH
              + ".."
              + MAX_LENGTH
              + ")");
    }
    byte[] b = new byte[length];
    random.nextBytes(b);
    return new PreSharedKey(b);
  }

  /**
   * Returns a copy of the key bytes.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Returns the key as upper-case hex (for {@code AT+QSETPSK} or a PSK file; never for a log).
   *
   * @return the hex digits
   */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /**
   * Returns the key length.
   *
   * @return bytes
   */
  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreSharedKey k && MessageDigest.isEqual(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Returns the length only, never the key. */
  @Override
  public String toString() {
    return "PreSharedKey[" + bytes.length + " bytes]";
  }
}
