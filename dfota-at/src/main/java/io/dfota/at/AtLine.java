package io.dfota.at;

import io.dfota.at.internal.UrcRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One line from the module, classified on its bytes (protocol-notes §2.1): a final result ({@code
 * OK}, {@code ERROR}, {@code +CME ERROR:<n>}), a URC (§2.3–§2.5), a {@code +NNMI:<length>,<hex>}
 * downlink with its payload already decoded, or any other line (a response's information text, or a
 * URC no parser knows).
 *
 * <p><b>A reusable view.</b> {@link AtLineDecoder} hands the same instance to its handler for every
 * line and overwrites it for the next one, so that decoding allocates nothing per line. Every
 * accessor is valid only during {@link AtLineDecoder.Handler#onLine}; keep a value by copying it
 * ({@link #text()}, {@link #urc()}, {@link #payload()}, {@link #copyPayload}). Fixed URCs (the
 * firmware URCs, {@code +QLWEVTIND:0..9}, {@code +CSCON:0/1}, {@code Neul}, {@code OK}) are the
 * shared constants of {@link Urc} and may be kept as they are.
 *
 * <p>{@link #urc()} always equals {@link Urc#decode(byte[], int, int)} of the same line. Not
 * thread-safe.
 */
public final class AtLine {

  /** What a line is, decided on its bytes alone (the session decides by context). */
  public enum Kind {
    /**
     * {@code OK}: a command's final result, or the boot banner's {@code OK} ({@link Urc.BootOk})
     * when no command is in flight.
     */
    FINAL_OK,
    /** {@code ERROR}. */
    FINAL_ERROR,
    /** {@code +CME ERROR:<n>} with a decimal code, see {@link #cmeCode()}. */
    CME_ERROR,
    /** A known URC other than a {@code +NNMI} downlink with data: see {@link #urc()}. */
    URC,
    /**
     * {@code +NNMI:<length>,<hexdata>} with valid hex: see {@link #payloadLength()}, {@link
     * #copyPayload} and {@link #payloadView()}.
     */
    NNMI_DATA,
    /**
     * Any other line: a response's information text (for example {@code +CSCON:1,0}), an echoed
     * command, or a URC no parser knows ({@link Urc.Unknown}); see {@link #intField(int)}.
     */
    OTHER
  }

  private static final byte[] ERROR = "ERROR".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CME = "+CME ERROR:".getBytes(StandardCharsets.US_ASCII);

  private byte[] buffer = new byte[0];
  private int offset;
  private int length;
  private Kind kind = Kind.OTHER;
  private @Nullable Urc urc;
  private int cmeCode = -1;
  private final byte[] payload = new byte[HexPayload.MAX_LENGTH];
  private final ByteBuffer payloadView = ByteBuffer.wrap(payload).asReadOnlyBuffer();
  private int payloadLength;

  AtLine() {}

  /**
   * Classifies a line; allocates only for variable URCs ({@code +CEREG}, {@code +NSMI}, {@code
   * REBOOT_CAUSE_*} and the like).
   */
  AtLine classify(byte[] b, int off, int len) {
    buffer = b;
    offset = off;
    length = len;
    urc = null;
    cmeCode = -1;
    payloadLength = 0;
    Urc exact = UrcRegistry.exact(b, off, len);
    if (exact != null) {
      urc = exact;
      kind = exact == Urc.BootOk.INSTANCE ? Kind.FINAL_OK : Kind.URC;
      return this;
    }
    if (len == ERROR.length && Arrays.equals(b, off, off + len, ERROR, 0, len)) {
      kind = Kind.FINAL_ERROR;
      return this;
    }
    if (b[off] == '+') {
      if (len > CME.length && Arrays.equals(b, off, off + CME.length, CME, 0, CME.length)) {
        cmeCode = cme(b, off, len);
        if (cmeCode >= 0) {
          kind = Kind.CME_ERROR;
          return this;
        }
      }
      long at = UrcRegistry.nnmiHex(b, off, len);
      if (at >= 0) {
        int n = UrcRegistry.decodeHex(b, (int) (at >>> 32), (int) at, payload);
        if (n > 0) {
          payloadLength = n;
          kind = Kind.NNMI_DATA;
          return this;
        }
        kind = Kind.OTHER;
        return this;
      }
    }
    if (UrcRegistry.mayBeUrc(b, off, len)) {
      Urc u = UrcRegistry.decode(b, off, len);
      if (!(u instanceof Urc.Unknown)) {
        urc = u;
        kind = Kind.URC;
        return this;
      }
      urc = u;
    }
    kind = Kind.OTHER;
    return this;
  }

  /**
   * The CME code of a {@code +CME ERROR:} line as the session and the decoder read it: blanks, then
   * 1 to 9 digits; -1 otherwise.
   */
  static int cme(byte[] b, int off, int len) {
    int i = off + CME.length;
    int end = off + len;
    while (i < end && b[i] == ' ') {
      i++;
    }
    if (i == end || end - i > 9) {
      return -1;
    }
    int v = 0;
    for (; i < end; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  /**
   * Returns what the line is.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the line's length in bytes (no line end).
   *
   * @return at least 1
   */
  public int length() {
    return length;
  }

  /**
   * Returns one byte of the line.
   *
   * @param index 0 to {@link #length()} - 1
   * @return the byte
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  public byte byteAt(int index) {
    return buffer[offset + java.util.Objects.checkIndex(index, length)];
  }

  /**
   * Returns whether the line starts with the given ASCII text, without allocating.
   *
   * @param prefix the text, one byte per char
   * @return true if it does
   */
  public boolean startsWith(String prefix) {
    if (prefix.length() > length) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (buffer[offset + i] != (byte) prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the line as text (allocates).
   *
   * @return one char per byte (ISO-8859-1)
   */
  public String text() {
    return new String(buffer, offset, length, StandardCharsets.ISO_8859_1);
  }

  /**
   * Returns the code of a {@link Kind#CME_ERROR} line.
   *
   * @return the code, or -1 for other kinds
   */
  public int cmeCode() {
    return cmeCode;
  }

  /**
   * Returns the line as a URC, exactly as {@link Urc#decode(byte[], int, int)} would: the shared
   * constant for fixed URCs (no allocation, {@link Urc.BootOk} for {@code OK}), else a new value
   * ({@link Urc.Nnmi} with a copy of the payload, {@link Urc.Unknown} for {@link Kind#OTHER} and
   * final results).
   *
   * @return the URC
   */
  public Urc urc() {
    Urc u = urc;
    if (u == null) {
      u = UrcRegistry.decode(buffer, offset, length);
      urc = u;
    }
    return u;
  }

  /**
   * Returns the payload length of a {@link Kind#NNMI_DATA} line.
   *
   * @return 1 to {@link HexPayload#MAX_LENGTH} bytes, or 0 for other kinds
   */
  public int payloadLength() {
    return payloadLength;
  }

  /**
   * Copies the decoded payload of a {@link Kind#NNMI_DATA} line.
   *
   * @param dst the destination
   * @param dstOffset where the first byte goes
   * @return the number of bytes copied ({@link #payloadLength()})
   * @throws IndexOutOfBoundsException if {@code dst} is too small
   */
  public int copyPayload(byte[] dst, int dstOffset) {
    System.arraycopy(payload, 0, dst, dstOffset, payloadLength);
    return payloadLength;
  }

  /**
   * Returns a read-only view of the decoded payload of a {@link Kind#NNMI_DATA} line, position 0
   * and limit {@link #payloadLength()}. The same buffer object is returned for every line and its
   * content is overwritten by the next {@code +NNMI} line.
   *
   * @return the view (empty for other kinds)
   */
  public ByteBuffer payloadView() {
    return payloadView.clear().limit(payloadLength);
  }

  /**
   * Returns the payload of a {@link Kind#NNMI_DATA} line as an immutable value (allocates).
   *
   * @return the payload
   * @throws AtException if the line is not {@link Kind#NNMI_DATA}
   */
  public HexPayload payload() {
    if (kind != Kind.NNMI_DATA) {
      throw new AtException("line kind: " + kind + " (expected: NNMI_DATA)");
    }
    return HexPayload.of(Arrays.copyOf(payload, payloadLength));
  }

  /**
   * Returns the number of comma-separated fields after the first {@code :} (or of the whole line if
   * it has no colon), as in {@code +CSCON:1,0} (2 fields).
   *
   * @return at least 1
   */
  public int fieldCount() {
    int n = 1;
    for (int i = fieldsStart(); i < offset + length; i++) {
      if (buffer[i] == ',') {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns a field after the first {@code :} as a non-negative decimal number, without allocating:
   * for {@code +CSCON:1,0}, field 0 is 1 and field 1 is 0. Blanks around the digits are allowed.
   *
   * @param index the field, from 0
   * @return the value (at most 9 digits), or -1 if the field is missing or not a number
   */
  public int intField(int index) {
    int end = offset + length;
    int i = fieldsStart();
    for (int f = 0; f < index; f++) {
      while (i < end && buffer[i] != ',') {
        i++;
      }
      if (i == end) {
        return -1;
      }
      i++;
    }
    while (i < end && (buffer[i] == ' ' || buffer[i] == '\t')) {
      i++;
    }
    int v = 0;
    int digits = 0;
    while (i < end && buffer[i] >= '0' && buffer[i] <= '9') {
      if (++digits > 9) {
        return -1;
      }
      v = v * 10 + (buffer[i++] - '0');
    }
    while (i < end && (buffer[i] == ' ' || buffer[i] == '\t')) {
      i++;
    }
    return digits > 0 && (i == end || buffer[i] == ',') ? v : -1;
  }

  private int fieldsStart() {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (buffer[i] == ':') {
        return i + 1;
      }
    }
    return offset;
  }

  @Override
  public String toString() {
    return "AtLine[" + kind + " " + text() + "]";
  }
}
