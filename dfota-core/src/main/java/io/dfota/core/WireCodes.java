package io.dfota.core;

import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/** Builds and queries dense lookup tables for wire-code enums, failing on duplicate codes. */
final class WireCodes {
  private WireCodes() {}

  static <E extends Enum<E>> E[] index(E[] values, ToIntFunction<E> code) {
    int max = 0;
    for (E e : values) {
      int c = code.applyAsInt(e);
      if (c < 0) {
        throw new DfotaException("wire code: " + c + " of " + e + " (expected: >= 0)");
      }
      max = Math.max(max, c);
    }
    E[] table = java.util.Arrays.copyOf(values, max + 1);
    java.util.Arrays.fill(table, null);
    for (E e : values) {
      int c = code.applyAsInt(e);
      if (table[c] != null) {
        throw new DfotaException(
            "wire code: "
                + c
                + " is used by both "
                + table[c]
                + " and "
                + e
                + " (expected: unique)");
      }
      table[c] = e;
    }
    return table;
  }

  static <E> E lookup(@Nullable E[] table, int code, String what, String expected) {
    E e = code >= 0 && code < table.length ? table[code] : null;
    if (e == null) {
      throw new DfotaException(what + ": " + code + " (expected: " + expected + ")");
    }
    return e;
  }
}
