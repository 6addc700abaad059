package io.dfota.at;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * An immutable payload carried as ASCII hex in {@code AT+QLWULDATA}, {@code AT+QLWULDATAEX}, {@code
 * AT+NMGS}, {@code +NNMI} and {@code AT+NMGR} (protocol-notes §2.1 "Hex payloads", "Max payload"):
 * two hex digits per byte, 1 to {@link #MAX_LENGTH} bytes.
 */
public final class HexPayload {

  /** The largest payload the modules accept (HiSilicon {@code APP_MESSAGE_MAX_LENGTH}). */
  public static final int MAX_LENGTH = 1024;

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final byte[] bytes;

  private HexPayload(byte[] bytes) {
    if (bytes.length < 1 || bytes.length > MAX_LENGTH) {
      throw new AtException(
          "payload length: " + bytes.length + " bytes (expected: 1.." + MAX_LENGTH + ")");
    }
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of the bytes.
   *
   * @param bytes 1 to 1024 bytes
   * @return the payload
   * @throws AtException if the length is out of range
   */
  public static HexPayload of(byte[] bytes) {
    return new HexPayload(bytes.clone());
  }

  /**
   * Parses ASCII hex.
   *
   * @param hex an even number of hex digits, either case
   * @return the payload
   * @throws AtException if the text is not valid hex or the length is out of range
   */
  public static HexPayload fromHex(CharSequence hex) {
    if (hex.length() % 2 != 0) {
      throw new AtException("hex data length: " + hex.length() + " characters (expected: even)");
    }
    if (hex.length() > 2 * MAX_LENGTH) {
      throw new AtException(
          "payload length: " + hex.length() / 2 + " bytes (expected: 1.." + MAX_LENGTH + ")");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') {
        throw new AtException(
            "hex data: character '" + hex.charAt(i) + "' at " + i + " (expected: [0-9A-Fa-f])");
      }
    }
    return new HexPayload(HEX.parseHex(hex));
  }

  /**
   * Parses ASCII hex straight from a byte buffer (the framer's line), without making a String.
   *
   * @param ascii the buffer
   * @param offset the first hex digit
   * @param length the number of hex digits, even
   * @return the payload
   * @throws AtException if the digits are not valid hex or the length is out of range
   */
  public static HexPayload fromAscii(byte[] ascii, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, ascii.length);
    if (length % 2 != 0) {
      throw new AtException("hex data length: " + length + " characters (expected: even)");
    }
    if (length == 0 || length > 2 * MAX_LENGTH) {
      throw new AtException(
          "payload length: " + length / 2 + " bytes (expected: 1.." + MAX_LENGTH + ")");
    }
    byte[] out = new byte[length / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = nibble(ascii[offset + 2 * i], 2 * i);
      int lo = nibble(ascii[offset + 2 * i + 1], 2 * i + 1);
      out[i] = (byte) (hi << 4 | lo);
    }
    return new HexPayload(out);
  }

  private static int nibble(byte c, int at) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    throw new AtException(
        "hex data: byte 0x"
            + Integer.toHexString(c & 0xFF)
            + " at "
            + at
            + " (expected: [0-9A-Fa-f])");
  }

  /**
   * Parses a {@code <length>,<hexdata>} pair and checks that the length counts bytes.
   *
   * @param length the declared length in bytes
   * @param hex the hex data
   * @return the payload
   * @throws AtException if the hex is invalid or the length does not match
   */
  public static HexPayload fromHex(int length, CharSequence hex) {
    HexPayload p = fromHex(hex);
    if (p.length() != length) {
      throw new AtException(
          "length: " + length + " (expected: " + p.length() + ", the hex data's byte count)");
    }
    return p;
  }

  /**
   * Returns the number of bytes.
   *
   * @return the length in bytes
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns a copy of the bytes.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Returns the upper-case hex form the module expects.
   *
   * @return the hex text
   */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HexPayload p && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "HexPayload[" + bytes.length + " bytes]";
  }
}
