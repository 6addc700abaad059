package io.dfota.at.internal;

import io.dfota.at.AtException;
import io.dfota.at.HexPayload;
import io.dfota.at.Urc;
import io.dfota.core.RrcMode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one registry of URC parsers, found by prefix (STYLE §5). Fixed lines are matched on the bytes
 * against constant patterns and return shared constants; {@code +QLWEVTIND:<n>} and {@code
 * +CSCON:<n>} parse their digit on the bytes; the rest make a String and parse fields.
 */
public final class UrcRegistry {

  private record Fixed(byte[] bytes, Urc urc) {}

  private record Prefixed(byte[] prefix, Function<String, Urc> parser) {}

  private static final Fixed[] FIRMWARE;
  private static final byte[] NEUL = ascii("Neul");
  private static final byte[] OK = ascii("OK");
  private static final byte[] REBOOT = ascii(Urc.RebootCause.PREFIX);
  private static final byte[] QLWEVTIND = ascii("+QLWEVTIND:");
  private static final byte[] CSCON = ascii("+CSCON:");
  private static final byte[] NNMI_BARE = ascii("+NNMI");
  private static final byte[] NNMI = ascii("+NNMI:");
  private static final byte[] VERIFIED = ascii(" Verified");
  private static final byte[] BOOT = ascii("Boot: ");

  /** Size of the open-addressing table of every fixed line in its exact form (no blanks). */
  private static final int TABLE_SIZE = 128;

  private static final Prefixed[] PREFIXED = {
    new Prefixed(ascii("+CEREG:"), UrcRegistry::cereg),
    new Prefixed(ascii("+NSMI:"), UrcRegistry::nsmi),
    new Prefixed(ascii("+QLWULDATASTATUS:"), UrcRegistry::uplinkStatus),
    new Prefixed(ascii("+QLWEVTIND:"), UrcRegistry::lwEvent),
    new Prefixed(ascii("+CSCON:"), UrcRegistry::cscon),
  };

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * A fixed line of 8 to 32 bytes as four little-endian words read at 0, 8, min(16, len - 8) and
   * len - 8: together they cover every byte, so equal words mean equal lines.
   */
  private record Words(int length, long w0, long w1, long w2, long last, Urc urc) {}

  private static final Words[] WORDS = new Words[TABLE_SIZE];

  static {
    List<Urc.Firmware> all = Urc.Firmware.ALL;
    FIRMWARE = new Fixed[all.size()];
    for (int i = 0; i < all.size(); i++) {
      FIRMWARE[i] = new Fixed(ascii(all.get(i).line()), all.get(i));
      put(FIRMWARE[i]);
    }
    put(new Fixed(NEUL, Urc.Neul.INSTANCE));
    put(new Fixed(OK, Urc.BootOk.INSTANCE));
    put(new Fixed(NNMI_BARE, Urc.Nnmi.INDICATION));
    put(new Fixed(ascii(Urc.Cscon.IDLE.line()), Urc.Cscon.IDLE));
    put(new Fixed(ascii(Urc.Cscon.CONNECTED.line()), Urc.Cscon.CONNECTED));
    for (int code = 0; code <= 9; code++) {
      put(new Fixed(ascii(Urc.LwEvent.of(code).line()), Urc.LwEvent.of(code)));
    }
  }

  private static long word(byte[] b, int at) {
    return (long) LONG.get(b, at);
  }

  private static void put(Fixed f) {
    byte[] p = f.bytes;
    if (p.length < Long.BYTES) {
      return; // OK, Neul and +NNMI are matched by length and bytes
    }
    int len = p.length;
    Words w =
        new Words(
            len,
            word(p, 0),
            word(p, Math.min(8, len - 8)),
            word(p, Math.min(16, len - 8)),
            word(p, len - 8),
            f.urc);
    int h = hash(w.w0, w.last, len);
    while (WORDS[h] != null) {
      if (WORDS[h].equals(new Words(len, w.w0, w.w1, w.w2, w.last, WORDS[h].urc))) {
        throw new IllegalStateException("duplicate fixed URC line: " + f.urc.line());
      }
      h = (h + 1) & (TABLE_SIZE - 1);
    }
    WORDS[h] = w;
  }

  private static int hash(long w0, long last, int len) {
    long h = (w0 * 0x9E3779B97F4A7C15L + last) * 0xC2B2AE3D27D4EB4FL + len;
    return (int) (h >>> 57) & (TABLE_SIZE - 1);
  }

  /**
   * Returns the shared constant for a fixed URC line in its exact form (the seven firmware URCs and
   * their variant, {@code +QLWEVTIND:0..9}, {@code +CSCON:0/1}, bare {@code +NNMI}, {@code Neul},
   * {@code OK}), without allocating; null for any other line. Forms with optional blanks after the
   * colon are found by {@link #decode}.
   *
   * @param b the buffer
   * @param off the line's start
   * @param len the line's length
   * @return the constant, or null
   */
  public static @Nullable Urc exact(byte[] b, int off, int len) {
    if (len < Long.BYTES) {
      if (len == 2) {
        return b[off] == 'O' && b[off + 1] == 'K' ? Urc.BootOk.INSTANCE : null;
      }
      if (len == 4) {
        return equals(b, off, len, NEUL) ? Urc.Neul.INSTANCE : null;
      }
      if (len == 5) {
        return equals(b, off, len, NNMI_BARE) ? Urc.Nnmi.INDICATION : null;
      }
      return null;
    }
    if (len > 32) {
      return null;
    }
    long w0 = word(b, off);
    long last = word(b, off + len - 8);
    int h = hash(w0, last, len);
    Words w;
    while ((w = WORDS[h]) != null) {
      if (w.length == len
          && w.w0 == w0
          && w.last == last
          && (len <= 16
              || (w.w1 == word(b, off + 8) && w.w2 == word(b, off + Math.min(16, len - 8))))) {
        return w.urc;
      }
      h = (h + 1) & (TABLE_SIZE - 1);
    }
    return null;
  }

  /**
   * Returns whether {@link #decode} can return something other than {@link Urc.Unknown} for a line
   * that {@link #exact} did not match and that is not {@code +NNMI:}, decided on the bytes without
   * allocating. True only for the variable URCs and the blank-padded fixed forms.
   *
   * @param b the buffer
   * @param off the line's start
   * @param len the line's length
   * @return false if the line certainly decodes to {@link Urc.Unknown}
   */
  public static boolean mayBeUrc(byte[] b, int off, int len) {
    if (len <= 0) {
      return false;
    }
    if (endsWith(b, off, len, VERIFIED) || startsWith(b, off, len, BOOT)) {
      return true;
    }
    if (b[off] == 'R') {
      return startsWith(b, off, len, REBOOT);
    }
    if (b[off] != '+') {
      return false;
    }
    if (startsWith(b, off, len, CSCON)) {
      int d = singleDigit(b, off + CSCON.length, off + len);
      return d == 0 || d == 1;
    }
    if (startsWith(b, off, len, NNMI)) {
      return true;
    }
    for (Prefixed p : PREFIXED) {
      if (startsWith(b, off, len, p.prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWith(byte[] b, int off, int len, byte[] suffix) {
    return len >= suffix.length
        && Arrays.equals(b, off + len - suffix.length, off + len, suffix, 0, suffix.length);
  }

  private UrcRegistry() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses a line given as text.
   *
   * @param line the line
   * @return the URC
   */
  public static Urc parse(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) > 0xFF) {
        return new Urc.Unknown(line);
      }
    }
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    return decode(b, 0, b.length);
  }

  /**
   * Decodes a line given as bytes.
   *
   * @param b the buffer
   * @param off the start
   * @param len the length
   * @return the URC
   */
  public static Urc decode(byte[] b, int off, int len) {
    if (len <= 0) {
      return new Urc.Unknown("");
    }
    Urc exact = exact(b, off, len);
    if (exact != null) {
      return exact;
    }
    switch (b[off]) {
      case 'F' -> {
        for (Fixed f : FIRMWARE) {
          if (equals(b, off, len, f.bytes)) {
            return f.urc;
          }
        }
      }
      case 'N' -> {
        if (equals(b, off, len, NEUL)) {
          return Urc.Neul.INSTANCE;
        }
      }
      case 'O' -> {
        if (equals(b, off, len, OK)) {
          return Urc.BootOk.INSTANCE;
        }
      }
      case '+' -> {
        Urc fast = fastPlus(b, off, len);
        if (fast != null) {
          return fast;
        }
        if (equals(b, off, len, NNMI_BARE)) {
          return Urc.Nnmi.INDICATION;
        }
        if (startsWith(b, off, len, NNMI)) {
          return nnmi(b, off, len);
        }
        for (Prefixed p : PREFIXED) {
          if (startsWith(b, off, len, p.prefix)) {
            String rest =
                new String(
                        b,
                        off + p.prefix.length,
                        len - p.prefix.length,
                        StandardCharsets.ISO_8859_1)
                    .strip();
            try {
              return p.parser.apply(rest);
            } catch (AtException | IllegalArgumentException e) {
              return unknown(b, off, len);
            }
          }
        }
      }
      case 'R' -> {
        if (startsWith(b, off, len, REBOOT)) {
          try {
            return new Urc.RebootCause(
                new String(
                    b, off + REBOOT.length, len - REBOOT.length, StandardCharsets.ISO_8859_1));
          } catch (AtException e) {
            return unknown(b, off, len);
          }
        }
      }
      default -> {}
    }
    String line = new String(b, off, len, StandardCharsets.ISO_8859_1);
    if (line.endsWith(" Verified") || line.startsWith("Boot: ")) {
      return new Urc.Verified(line);
    }
    return new Urc.Unknown(line);
  }

  /** Zero-allocation path for {@code +QLWEVTIND:<0..9>} and {@code +CSCON:<0|1>}. */
  private static @Nullable Urc fastPlus(byte[] b, int off, int len) {
    if (startsWith(b, off, len, QLWEVTIND)) {
      int d = singleDigit(b, off + QLWEVTIND.length, off + len);
      return d >= 0 ? Urc.LwEvent.of(d) : null;
    }
    if (startsWith(b, off, len, CSCON)) {
      int d = singleDigit(b, off + CSCON.length, off + len);
      if (d == 0) {
        return Urc.Cscon.IDLE;
      }
      if (d == 1) {
        return Urc.Cscon.CONNECTED;
      }
      // +CSCON:<n>,<mode> is the query's response form, never a URC
      return unknown(b, off, len);
    }
    return null;
  }

  /** Returns the digit if the range holds optional blanks then exactly one digit, else -1. */
  private static int singleDigit(byte[] b, int from, int to) {
    int i = from;
    while (i < to && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    if (i == to - 1 && b[i] >= '0' && b[i] <= '9') {
      return b[i] - '0';
    }
    return -1;
  }

  private static Urc unknown(byte[] b, int off, int len) {
    return new Urc.Unknown(new String(b, off, len, StandardCharsets.ISO_8859_1));
  }

  private static boolean equals(byte[] b, int off, int len, byte[] pattern) {
    if (len != pattern.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[off + i] != pattern[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
    if (len < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[off + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static Urc cereg(String rest) {
    List<String> f = Fields.split(rest);
    Fields.count("+CEREG", f, 1, 9);
    return new Urc.Cereg(Fields.integer("+CEREG stat", f.get(0)), f.subList(1, f.size()));
  }

  /** {@code +NNMI:<length>,<hexdata>} decoded on the bytes: one allocation for the payload. */
  private static Urc nnmi(byte[] b, int off, int len) {
    long at = nnmiHex(b, off, len);
    if (at < 0) {
      return unknown(b, off, len);
    }
    try {
      return new Urc.Nnmi(HexPayload.fromAscii(b, (int) (at >>> 32), (int) at));
    } catch (AtException e) {
      return unknown(b, off, len);
    }
  }

  /**
   * Locates the hex data of a {@code +NNMI:<length>,<hexdata>} line without allocating: optional
   * blanks around the fields, {@code <length>} of 1 to 5 digits that counts the hex digits' bytes.
   * The digits themselves are checked by the hex decoder.
   *
   * @param b the buffer
   * @param off the line's start
   * @param len the line's length
   * @return the hex data's start in the high and its length in the low 32 bits, or -1
   */
  public static long nnmiHex(byte[] b, int off, int len) {
    if (!startsWith(b, off, len, NNMI)) {
      return -1;
    }
    int end = off + len;
    int i = off + NNMI.length;
    while (i < end && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    int length = 0;
    int digits = 0;
    while (i < end && b[i] >= '0' && b[i] <= '9' && digits < 5) {
      length = length * 10 + (b[i++] - '0');
      digits++;
    }
    while (i < end && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    if (digits == 0 || i == end || b[i] != ',') {
      return -1;
    }
    i++;
    while (i < end && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    int hexEnd = end;
    while (hexEnd > i && (b[hexEnd - 1] == ' ' || b[hexEnd - 1] == '\t')) {
      hexEnd--;
    }
    if (hexEnd - i != 2 * length) {
      return -1;
    }
    return ((long) i << 32) | (hexEnd - i);
  }

  private static final byte[] NIBBLE = new byte[256];

  static {
    Arrays.fill(NIBBLE, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      NIBBLE[c] = (byte) (c - '0');
    }
    for (int c = 'A'; c <= 'F'; c++) {
      NIBBLE[c] = (byte) (c - 'A' + 10);
      NIBBLE[c + ('a' - 'A')] = (byte) (c - 'A' + 10);
    }
  }

  /**
   * Decodes ASCII hex digits (either case) into {@code dst} without allocating, as {@link
   * HexPayload#fromAscii} would accept them: an even count of 2 to 2 × {@link
   * HexPayload#MAX_LENGTH} digits.
   *
   * @param b the buffer
   * @param from the first digit
   * @param digits how many digits
   * @param dst receives {@code digits / 2} bytes from index 0
   * @return the number of bytes, or -1 if the digits are not valid hex or the count is out of range
   */
  public static int decodeHex(byte[] b, int from, int digits, byte[] dst) {
    if (digits <= 0 || (digits & 1) != 0 || digits > 2 * HexPayload.MAX_LENGTH) {
      return -1;
    }
    int n = digits >> 1;
    long bad = 0;
    int k = 0;
    int i = from;
    // eight digits at a time: validate, convert to nibbles, pack into four bytes
    for (; k + 4 <= n; k += 4, i += 8) {
      long w = word(b, i);
      bad |= notHex(w);
      long v = (w & 0x0F0F0F0F0F0F0F0FL) + ((w >>> 6) & 0x0101010101010101L) * 9;
      long t = ((v << 4) | (v >>> 8)) & 0x00FF00FF00FF00FFL;
      t = (t | (t >>> 8)) & 0x0000FFFF0000FFFFL;
      t = (t | (t >>> 16)) & 0xFFFFFFFFL;
      INT.set(dst, k, (int) t);
    }
    int badTail = 0;
    for (; k < n; k++, i += 2) {
      int hi = NIBBLE[b[i] & 0xFF];
      int lo = NIBBLE[b[i + 1] & 0xFF];
      badTail |= hi | lo; // -1 marks a non-hex byte
      dst[k] = (byte) (hi << 4 | lo);
    }
    return bad != 0 || badTail < 0 ? -1 : n;
  }

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

  /** Returns a non-zero value unless all eight bytes are ASCII hex digits ([0-9A-Fa-f]). */
  private static long notHex(long w) {
    long x = w & LOWS; // no carries between bytes below; bytes >= 0x80 are flagged by w & HIGHS
    long digit = (x + 0x5050505050505050L) & ~(x + 0x4646464646464646L); // 0x30..0x39
    long y = x | 0x2020202020202020L;
    long letter = (y + 0x1F1F1F1F1F1F1F1FL) & ~(y + 0x1919191919191919L); // a..f, A..F
    return (w & HIGHS) | (~(digit | letter) & HIGHS);
  }

  private static Urc nsmi(String rest) {
    List<String> f = Fields.count("+NSMI", Fields.split(rest), 1, 2);
    Integer seq = f.size() == 2 ? Fields.integer("+NSMI seq", f.get(1), 0, 255) : null;
    return new Urc.Nsmi(f.get(0), seq);
  }

  private static Urc uplinkStatus(String rest) {
    List<String> f = Fields.count("+QLWULDATASTATUS", Fields.split(rest), 1, 2);
    Integer seq = f.size() == 2 ? Fields.integer("+QLWULDATASTATUS seq", f.get(1), 0, 255) : null;
    return new Urc.UplinkStatus(Fields.integer("+QLWULDATASTATUS status", f.get(0), 0, 5), seq);
  }

  private static Urc lwEvent(String rest) {
    return Urc.LwEvent.of(Fields.integer("+QLWEVTIND type", rest, 0, 65535));
  }

  private static Urc cscon(String rest) {
    List<String> f = Fields.count("+CSCON", Fields.split(rest), 1, 1);
    return Urc.Cscon.of(RrcMode.fromCode(Fields.integer("+CSCON mode", f.get(0), 0, 1)));
  }
}
