package io.dfota.lwm2m;

import io.dfota.lwm2m.internal.Tlv;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The payload of an LwM2M read response, write request or notification, with its CoAP
 * Content-Format (protocol-notes §4.1: text/plain, TLV and opaque are accepted). Immutable.
 */
public final class Lwm2mContent {
  /** A text/plain integer: ASCII digits only. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]{1,19}");

  private final ContentFormat format;
  private final byte[] bytes;

  private Lwm2mContent(ContentFormat format, byte[] bytes) {
    this.format = Objects.requireNonNull(format, "format");
    this.bytes = bytes.clone();
  }

  /**
   * Creates content from raw bytes.
   *
   * @param format the Content-Format
   * @param bytes the payload, copied
   * @return the content
   */
  public static Lwm2mContent of(ContentFormat format, byte[] bytes) {
    return new Lwm2mContent(format, Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * Creates text/plain content.
   *
   * @param text the string
   * @return the content
   */
  public static Lwm2mContent text(String text) {
    return new Lwm2mContent(ContentFormat.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates opaque content.
   *
   * @param bytes the bytes, copied
   * @return the content
   */
  public static Lwm2mContent opaque(byte[] bytes) {
    return of(ContentFormat.OPAQUE, bytes);
  }

  /**
   * Returns the Content-Format.
   *
   * @return the format
   */
  public ContentFormat format() {
    return format;
  }

  /**
   * Returns a copy of the payload.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Returns the value of a single resource as raw bytes: the payload for text and opaque, the value
   * of the single resource TLV for TLV.
   *
   * @return the value bytes, or empty when the payload is not a single resource
   */
  public Optional<byte[]> value() {
    switch (format) {
      case TEXT, OPAQUE:
        return Optional.of(bytes.clone());
      case TLV:
        return Tlv.singleValue(bytes);
      default:
        return Optional.empty();
    }
  }

  /**
   * Returns the value as a string (text and TLV string resources).
   *
   * @return the string, or empty when the payload is not a single resource
   */
  public Optional<String> asText() {
    return value().map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * Returns the value as an integer: ASCII decimal text (an optional sign and 1 to 19 digits,
   * surrounding spaces and control characters ignored), or a TLV integer of 1, 2, 4 or 8 bytes.
   *
   * @return the integer, or empty when the value is not an integer
   */
  public OptionalLong asLong() {
    if (format == ContentFormat.TEXT) {
      String text = new String(bytes, StandardCharsets.UTF_8).trim();
      if (!DECIMAL.matcher(text).matches()) { // Long.parseLong also takes non-ASCII digits
        return OptionalLong.empty();
      }
      try {
        return OptionalLong.of(Long.parseLong(text));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    if (format == ContentFormat.TLV) {
      Optional<byte[]> v = Tlv.singleValue(bytes);
      if (v.isPresent()) {
        return Tlv.decodeInteger(v.get());
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lwm2mContent c && c.format == format && Arrays.equals(c.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * format.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Lwm2mContent[" + format + ", " + bytes.length + " bytes]";
  }
}
