package io.dfota.emulator.internal.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The OMA-TLV encoder (LwM2M 1.0 §6.4.3, Content-Format 11542) for what the simulated device reads
 * out: single resources, and a multiple resource of integer instances.
 */
final class TlvWriter {
  private static final int RESOURCE_INSTANCE = 0b01;
  private static final int MULTIPLE_RESOURCE = 0b10;
  private static final int RESOURCE = 0b11;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  /** Appends a string resource. */
  TlvWriter string(int id, String value) {
    entry(out, RESOURCE, id, value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Appends an integer resource. */
  TlvWriter integer(int id, long value) {
    entry(out, RESOURCE, id, integerBytes(value));
    return this;
  }

  /** Appends a multiple resource with one integer instance 0. */
  TlvWriter multiInteger(int id, long instance0) {
    ByteArrayOutputStream inner = new ByteArrayOutputStream(8);
    entry(inner, RESOURCE_INSTANCE, 0, integerBytes(instance0));
    entry(out, MULTIPLE_RESOURCE, id, inner.toByteArray());
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Two's complement in the fewest of 1, 2, 4 or 8 bytes. */
  static byte[] integerBytes(long v) {
    int n;
    if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      n = 1;
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      n = 2;
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      n = 4;
    } else {
      n = 8;
    }
    byte[] b = new byte[n];
    for (int i = n - 1; i >= 0; i--) {
      b[i] = (byte) v;
      v >>= 8;
    }
    return b;
  }

  private static void entry(ByteArrayOutputStream o, int kind, int id, byte[] value) {
    int len = value.length;
    int type = kind << 6;
    if (id > 0xff) {
      type |= 0x20;
    }
    if (len < 8) {
      type |= len;
    } else if (len <= 0xff) {
      type |= 0x08;
    } else if (len <= 0xffff) {
      type |= 0x10;
    } else {
      type |= 0x18;
    }
    o.write(type);
    if (id > 0xff) {
      o.write(id >> 8);
    }
    o.write(id & 0xff);
    if (len >= 8) {
      if (len > 0xffff) {
        o.write(len >> 16);
      }
      if (len > 0xff) {
        o.write((len >> 8) & 0xff);
      }
      o.write(len & 0xff);
    }
    o.write(value, 0, len);
  }
}
