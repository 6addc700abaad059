package io.dfota.at;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The AT byte-stream framer (protocol-notes §2.1): splits the bytes from a module (or, on the
 * module side, from an MCU) into lines and the {@code > } data prompt.
 *
 * <ul>
 *   <li>A line ends at CR, LF or CR LF; empty lines are ignored, so {@code <CR><LF>OK<CR><LF>}
 *       yields one line {@code OK}.
 *   <li>The two bytes {@code > } at the start of a line are the data prompt, reported at once
 *       without waiting for a line end.
 *   <li>A line longer than {@link #maxLineLength()} is reported once as an {@link AtException}; the
 *       framer drops bytes up to the next line end and then carries on (resynchronises).
 *   <li>Any bytes are accepted (NUL, invalid UTF-8); memory is one fixed buffer of the maximum line
 *       length.
 * </ul>
 *
 * <p>The framer hands each line to the {@link Sink} as a view into the input (or, for a line split
 * across reads, into its own buffer), so framing copies and allocates nothing per line; {@link
 * Urc#decode(byte[], int, int)} then matches the fixed URCs without allocating either. Built after
 * Netty's {@code RedisDecoder}: a small state and a loop where each byte either completes a line or
 * waits for more. Not thread-safe: feed it from one thread (the transport's).
 */
public final class AtFramer {

  /** The default maximum line length: comfortably above 2 × 1024 + 64 (protocol-notes §2.1). */
  public static final int DEFAULT_MAX_LINE_LENGTH = 4096;

  /** The smallest allowed maximum: a full 1024-byte payload in hex plus its prefix. */
  public static final int MIN_MAX_LINE_LENGTH = 2 * 1024 + 64;

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  /** Receives what the framer finds, in stream order. */
  public interface Sink {
    /**
     * A complete non-empty line, without its line end.
     *
     * @param buffer the framer's buffer or the caller's input, valid only during the call
     * @param offset where the line starts
     * @param length its length, at least 1
     */
    void onLine(byte[] buffer, int offset, int length);

    /** The {@code > } data prompt. */
    default void onPrompt() {}

    /**
     * A framing error; the framer has already resynchronised (or will at the next line end).
     *
     * @param error what went wrong
     */
    default void onError(AtException error) {}
  }

  /** What {@link #decode} returns: a line, a prompt or an error, in stream order. */
  public sealed interface Event permits Line, Prompt, Error {}

  /**
   * A line.
   *
   * @param text the line, one char per byte (ISO-8859-1)
   */
  public record Line(String text) implements Event {
    /** Validates the line. */
    public Line {
      Objects.requireNonNull(text, "text");
    }
  }

  /** The {@code > } prompt. */
  public record Prompt() implements Event {}

  /**
   * A framing error.
   *
   * @param message the error's message
   */
  public record Error(String message) implements Event {
    /** Validates the error. */
    public Error {
      Objects.requireNonNull(message, "message");
    }
  }

  private enum State {
    /** Collecting the bytes of a line. */
    LINE,
    /** Dropping an overlong line up to its line end. */
    DISCARD
  }

  private final byte[] line;
  private int length;
  private State state = State.LINE;

  private AtFramer(int maxLineLength) {
    this.line = new byte[maxLineLength];
  }

  /**
   * Creates a framer with the default maximum line length.
   *
   * @return a framer
   */
  public static AtFramer create() {
    return new AtFramer(DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * Creates a framer with the given maximum line length.
   *
   * @param maxLineLength the limit in bytes, at least {@link #MIN_MAX_LINE_LENGTH}
   * @return a framer
   * @throws AtException if the limit is too small
   */
  public static AtFramer create(int maxLineLength) {
    if (maxLineLength < MIN_MAX_LINE_LENGTH || maxLineLength > 1 << 20) {
      throw new AtException(
          "maxLineLength: "
              + maxLineLength
              + " (expected: "
              + MIN_MAX_LINE_LENGTH
              + ".."
              + (1 << 20)
              + ")");
    }
    return new AtFramer(maxLineLength);
  }

  /**
   * Returns the maximum line length.
   *
   * @return the limit in bytes
   */
  public int maxLineLength() {
    return line.length;
  }

  /**
   * Returns how many bytes are buffered for an incomplete line.
   *
   * @return 0..{@link #maxLineLength()}
   */
  public int buffered() {
    return length;
  }

  /** Drops any partial line (after a reconnect). */
  public void reset() {
    length = 0;
    state = State.LINE;
  }

  /**
   * Consumes all remaining bytes of the buffer.
   *
   * @param bytes the bytes; its position moves to its limit
   * @param sink receives the lines
   */
  public void feed(ByteBuffer bytes, Sink sink) {
    if (bytes.hasArray()) {
      int pos = bytes.position();
      int n = bytes.remaining();
      feed(bytes.array(), bytes.arrayOffset() + pos, n, sink);
      bytes.position(pos + n);
    } else {
      byte[] chunk = new byte[Math.min(bytes.remaining(), 8192)];
      while (bytes.hasRemaining()) {
        int n = Math.min(chunk.length, bytes.remaining());
        bytes.get(chunk, 0, n);
        feed(chunk, 0, n, sink);
      }
    }
  }

  /**
   * Consumes bytes.
   *
   * @param bytes the array
   * @param offset the first byte
   * @param count how many bytes
   * @param sink receives the lines
   */
  public void feed(byte[] bytes, int offset, int count, Sink sink) {
    Objects.checkFromIndexSize(offset, count, bytes.length);
    int end = offset + count;
    byte[] buf = line;
    int max = buf.length;
    int len = length;
    int i = offset;
    if (len == 0 && state == State.LINE) {
      i = feedWords(bytes, i, end, max, sink);
    }
    while (i < end) {
      if (len == 0 && state == State.LINE) {
        // Fast path: line ends are skipped, and a whole line inside the input is handed over
        // without copying; its end is found eight bytes at a time.
        byte c;
        while ((c = bytes[i]) == CR || c == LF) {
          if (++i == end) {
            length = 0;
            return;
          }
        }
        int j = indexOfLineEnd(bytes, i, end);
        if (j < end) {
          int n = j - i;
          if (n >= 2 && bytes[i] == '>' && bytes[i + 1] == ' ') {
            length = 0;
            sink.onPrompt();
            i += 2;
            continue;
          }
          if (n > max) {
            length = 0;
            sink.onError(overlong(max));
          } else if (n > 0) {
            length = 0;
            sink.onLine(bytes, i, n);
          }
          i = j + 1;
          continue;
        }
      }
      byte b = bytes[i++];
      if (b == CR || b == LF) {
        if (state == State.DISCARD) {
          state = State.LINE;
        } else if (len > 0) {
          length = 0;
          sink.onLine(buf, 0, len);
        }
        len = 0;
        continue;
      }
      if (state == State.DISCARD) {
        continue;
      }
      if (len == max) {
        state = State.DISCARD;
        len = 0;
        length = 0;
        sink.onError(overlong(max));
        continue;
      }
      buf[len++] = b;
      if (len == 2 && b == ' ' && buf[0] == '>') {
        len = 0;
        length = 0;
        sink.onPrompt();
      }
    }
    length = len;
  }

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;

  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

  /** Returns 0x80 in every byte of {@code w} that is CR or LF, 0 in the others (exact). */
  private static long lineEnds(long w) {
    long cr = w ^ CRS;
    long lf = w ^ LFS;
    return ~(((cr & LOWS) + LOWS) | cr | LOWS) | ~(((lf & LOWS) + LOWS) | lf | LOWS);
  }

  /**
   * The word-at-a-time fast path between lines: classifies eight bytes at once as line end or not
   * and hands over every complete line (and prompt) inside {@code [from, end)} without copying.
   *
   * @return where the byte loop must go on: the start of an incomplete line, or the last bytes
   */
  private int feedWords(byte[] bytes, int from, int end, int max, Sink sink) {
    int p = from;
    int start = -1;
    while (p <= end - Long.BYTES) {
      long ends = lineEnds((long) LONG.get(bytes, p));
      long after = HIGHS; // the bytes of this word not yet looked at
      int next = p + Long.BYTES;
      while (after != 0) {
        if (start < 0) {
          long m = ~ends & after;
          if (m == 0) {
            break;
          }
          int r = Long.numberOfTrailingZeros(m) >>> 3;
          start = p + r;
          after = HIGHS << (r << 3);
        }
        long m = ends & after;
        if (m == 0) {
          break;
        }
        int r = Long.numberOfTrailingZeros(m) >>> 3;
        int n = p + r - start;
        length = 0;
        if (n >= 2 && bytes[start] == '>' && bytes[start + 1] == ' ') {
          sink.onPrompt();
          next = start + 2; // go on right after the prompt, with a fresh word
          start = -1;
          break;
        }
        if (n > max) {
          sink.onError(overlong(max));
        } else {
          sink.onLine(bytes, start, n);
        }
        start = -1;
        after = r == Long.BYTES - 1 ? 0 : HIGHS << ((r + 1) << 3);
      }
      p = next;
    }
    return start >= 0 ? start : p;
  }

  /** Returns the index of the first CR or LF in {@code [from, end)}, or {@code end}. */
  private static int indexOfLineEnd(byte[] bytes, int from, int end) {
    int i = from;
    for (; i <= end - Long.BYTES; i += Long.BYTES) {
      long w = (long) LONG.get(bytes, i);
      long cr = w ^ CRS;
      long lf = w ^ LFS;
      // The lowest set high bit marks the first zero byte of cr or lf (SWAR "has zero byte");
      // higher bits may be false positives, so only the lowest is used.
      long hit = ((cr - ONES) & ~cr | (lf - ONES) & ~lf) & HIGHS;
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    while (i < end && bytes[i] != CR && bytes[i] != LF) {
      i++;
    }
    return i;
  }

  private static AtException overlong(int max) {
    return new AtException("line length: more than " + max + " bytes (expected: <= " + max + ")");
  }

  /**
   * Convenience for tests and tools: consumes bytes and returns what they completed, as values.
   *
   * @param bytes the bytes
   * @return the events, in order
   */
  public List<Event> decode(byte[] bytes) {
    List<Event> out = new ArrayList<>();
    feed(
        bytes,
        0,
        bytes.length,
        new Sink() {
          @Override
          public void onLine(byte[] buffer, int offset, int len) {
            out.add(new Line(new String(buffer, offset, len, StandardCharsets.ISO_8859_1)));
          }

          @Override
          public void onPrompt() {
            out.add(new Prompt());
          }

          @Override
          public void onError(AtException error) {
            out.add(new Error(error.getMessage()));
          }
        });
    return out;
  }
}
