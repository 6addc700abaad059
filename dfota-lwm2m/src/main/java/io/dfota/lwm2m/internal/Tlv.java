package io.dfota.lwm2m.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The LwM2M 1.0 TLV codec ({@code application/vnd.oma.lwm2m+tlv}, 11542): a type byte (identifier
 * kind, identifier length, length kind), an 8- or 16-bit identifier, a length of 0 to 24 bits and
 * the value. Decoding is bounded (nesting depth, entry count) and reports malformed input as a
 * value, never as an exception.
 */
public final class Tlv {
  /** Nesting limit: object instance, multiple resource, resource instance. */
  static final int MAX_DEPTH = 3;

  /** Limit on the number of entries in one payload. */
  static final int MAX_ENTRIES = 1024;

  private Tlv() {}

  /** The identifier kind, bits 7-6 of the type byte. */
  public enum Kind {
    /** 00: object instance, value is nested TLVs. */
    OBJECT_INSTANCE,
    /** 01: resource instance of a multiple resource. */
    RESOURCE_INSTANCE,
    /** 10: multiple resource, value is nested resource instances. */
    MULTIPLE_RESOURCE,
    /** 11: resource with a value. */
    RESOURCE
  }

  /** One decoded TLV entry. */
  public static final class Entry {
    private final Kind kind;
    private final int id;
    private final byte[] value;
    private final List<Entry> children;

    Entry(Kind kind, int id, byte[] value, List<Entry> children) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.id = id;
      this.value = value.clone();
      this.children = List.copyOf(children);
    }

    /**
     * Returns the identifier kind.
     *
     * @return the kind
     */
    public Kind kind() {
      return kind;
    }

    /**
     * Returns the identifier.
     *
     * @return 0 to 65535
     */
    public int id() {
      return id;
    }

    /**
     * Returns a copy of the value of a leaf entry.
     *
     * @return the bytes
     */
    public byte[] value() {
      return value.clone();
    }

    /**
     * Returns the nested entries of an object instance or multiple resource.
     *
     * @return the children
     */
    public List<Entry> children() {
      return children;
    }
  }

  /** The outcome of decoding: entries, or the reason the payload is malformed. */
  public sealed interface Decoded {
    /**
     * The decoded entries.
     *
     * @param entries the top-level entries
     */
    record Ok(List<Entry> entries) implements Decoded {
      /** Copies. */
      public Ok {
        entries = List.copyOf(entries);
      }
    }

    /**
     * A malformed payload.
     *
     * @param reason what is wrong
     */
    record Malformed(String reason) implements Decoded {}
  }

  /**
   * Decodes a TLV payload.
   *
   * @param bytes the payload
   * @return the entries, or the reason it is malformed
   */
  public static Decoded decode(byte[] bytes) {
    int[] count = {0};
    try {
      return new Decoded.Ok(decode(bytes, 0, bytes.length, 1, count));
    } catch (MalformedTlv e) {
      return new Decoded.Malformed(e.getMessage());
    }
  }

  private static final class MalformedTlv extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedTlv(String message) {
      super(message, null, false, false);
    }
  }

  private static List<Entry> decode(byte[] b, int from, int to, int depth, int[] count)
      throws MalformedTlv {
    if (depth > MAX_DEPTH) {
      throw new MalformedTlv("TLV nesting: " + depth + " (expected: <= " + MAX_DEPTH + ")");
    }
    List<Entry> out = new ArrayList<>();
    int p = from;
    while (p < to) {
      if (++count[0] > MAX_ENTRIES) {
        throw new MalformedTlv("TLV entries: more than " + MAX_ENTRIES);
      }
      int type = b[p++] & 0xFF;
      Kind kind = Kind.values()[type >>> 6];
      int idLen = (type & 0x20) != 0 ? 2 : 1;
      int lenType = (type >>> 3) & 0x03;
      if (p + idLen > to) {
        throw new MalformedTlv("TLV identifier truncated at offset " + p);
      }
      int id = b[p++] & 0xFF;
      if (idLen == 2) {
        id = (id << 8) | (b[p++] & 0xFF);
      }
      int length;
      if (lenType == 0) {
        length = type & 0x07;
      } else {
        if (p + lenType > to) {
          throw new MalformedTlv("TLV length truncated at offset " + p);
        }
        length = 0;
        for (int i = 0; i < lenType; i++) {
          length = (length << 8) | (b[p++] & 0xFF);
        }
      }
      if (length > to - p) {
        throw new MalformedTlv(
            "TLV length: " + length + " at offset " + p + " (expected: <= " + (to - p) + ")");
      }
      int end = p + length;
      if (kind == Kind.OBJECT_INSTANCE || kind == Kind.MULTIPLE_RESOURCE) {
        List<Entry> children = decode(b, p, end, depth + 1, count);
        Kind expected = kind == Kind.OBJECT_INSTANCE ? null : Kind.RESOURCE_INSTANCE;
        for (Entry c : children) {
          if (expected != null && c.kind() != expected) {
            throw new MalformedTlv("TLV multiple resource " + id + " holds a " + c.kind());
          }
          if (expected == null && c.kind() != Kind.RESOURCE && c.kind() != Kind.MULTIPLE_RESOURCE) {
            throw new MalformedTlv("TLV object instance " + id + " holds a " + c.kind());
          }
        }
        out.add(new Entry(kind, id, new byte[0], children));
      } else {
        byte[] v = new byte[length];
        System.arraycopy(b, p, v, 0, length);
        out.add(new Entry(kind, id, v, List.of()));
      }
      p = end;
    }
    return out;
  }

  /**
   * Returns the value of a payload that is exactly one resource TLV.
   *
   * @param bytes the payload
   * @return the value, or empty if the payload is malformed or not one single resource
   */
  public static Optional<byte[]> singleValue(byte[] bytes) {
    if (decode(bytes) instanceof Decoded.Ok ok
        && ok.entries().size() == 1
        && ok.entries().get(0).kind() == Kind.RESOURCE) {
      return Optional.of(ok.entries().get(0).value());
    }
    return Optional.empty();
  }

  /**
   * Decodes a TLV integer value (1, 2, 4 or 8 bytes, big-endian, signed).
   *
   * @param v the value bytes
   * @return the integer, or empty for any other length
   */
  public static OptionalLong decodeInteger(byte[] v) {
    if (v.length != 1 && v.length != 2 && v.length != 4 && v.length != 8) {
      return OptionalLong.empty();
    }
    long x = v[0];
    for (int i = 1; i < v.length; i++) {
      x = (x << 8) | (v[i] & 0xFF);
    }
    return OptionalLong.of(x);
  }

  /**
   * Encodes an integer in the shortest of 1, 2, 4 or 8 bytes.
   *
   * @param x the value
   * @return the bytes
   */
  public static byte[] encodeInteger(long x) {
    int n;
    if (x >= Byte.MIN_VALUE && x <= Byte.MAX_VALUE) {
      n = 1;
    } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
      n = 2;
    } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
      n = 4;
    } else {
      n = 8;
    }
    byte[] b = new byte[n];
    for (int i = n - 1; i >= 0; i--) {
      b[i] = (byte) x;
      x >>= 8;
    }
    return b;
  }

  /**
   * Encodes one entry.
   *
   * @param kind the identifier kind
   * @param id the identifier, 0 to 65535
   * @param value the value (for containers, the encoded children)
   * @return the encoded entry
   */
  public static byte[] encode(Kind kind, int id, byte[] value) {
    if (id < 0 || id > 0xFFFF) {
      throw new io.dfota.lwm2m.Lwm2mException("TLV id: " + id + " (expected: 0..65535)");
    }
    if (value.length > 0xFFFFFF) {
      throw new io.dfota.lwm2m.Lwm2mException(
          "TLV length: " + value.length + " (expected: <= 16777215)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    int type = kind.ordinal() << 6;
    boolean longId = id > 0xFF;
    if (longId) {
      type |= 0x20;
    }
    int len = value.length;
    int lenBytes;
    if (len < 8) {
      type |= len;
      lenBytes = 0;
    } else if (len <= 0xFF) {
      lenBytes = 1;
    } else if (len <= 0xFFFF) {
      lenBytes = 2;
    } else {
      lenBytes = 3;
    }
    type |= lenBytes << 3;
    out.write(type);
    if (longId) {
      out.write(id >>> 8);
    }
    out.write(id & 0xFF);
    for (int i = lenBytes - 1; i >= 0; i--) {
      out.write(len >>> (8 * i));
    }
    out.write(value, 0, value.length);
    return out.toByteArray();
  }

  /**
   * Encodes a single resource holding a string.
   *
   * @param id the resource id
   * @param s the value
   * @return the TLV
   */
  public static byte[] resource(int id, String s) {
    return encode(Kind.RESOURCE, id, s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Encodes a single resource holding an integer.
   *
   * @param id the resource id
   * @param x the value
   * @return the TLV
   */
  public static byte[] resource(int id, long x) {
    return encode(Kind.RESOURCE, id, encodeInteger(x));
  }

  /**
   * Concatenates encoded entries.
   *
   * @param parts the entries
   * @return the concatenation
   */
  public static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }
}
