package io.dfota.at;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The zero-allocation decoding path from a module's byte stream (protocol-notes §2.1): the {@link
 * AtFramer} followed by the classification of each line into an {@link AtLine} (final result, URC,
 * {@code +NNMI} downlink with its payload decoded, other line).
 *
 * <p>Framing, final results, the fixed URCs (firmware URCs, {@code +QLWEVTIND:0..9}, {@code
 * +CSCON:0/1}, {@code Neul}, {@code OK}), {@code +NNMI} payloads and numeric fields of response
 * lines allocate nothing per line: the handler receives one reusable {@link AtLine} view, valid
 * only during the call. Variable URCs ({@code +CEREG}, {@code +NSMI}, {@code REBOOT_CAUSE_*}, ...)
 * are decoded into new values as {@link Urc#decode(byte[], int, int)} does. The lines, their order
 * and their URCs are exactly those of {@link AtFramer} with {@link Urc#decode(byte[], int, int)}.
 *
 * <p>Not thread-safe: feed it from one thread (the transport's), and not from inside its handler.
 */
public final class AtLineDecoder {

  /** Receives what the decoder finds, in stream order, on the feeding thread. */
  public interface Handler {
    /**
     * A complete non-empty line.
     *
     * @param line the reusable view, valid only during this call
     */
    void onLine(AtLine line);

    /** The {@code > } data prompt. */
    default void onPrompt() {}

    /**
     * A framing error (an overlong line); the decoder resynchronises at the next line end.
     *
     * @param error what went wrong
     */
    default void onError(AtException error) {}
  }

  private static final Handler NONE = line -> {};

  private final AtFramer framer;
  private final AtLine line = new AtLine();
  private Handler handler = NONE;

  private final AtFramer.Sink sink =
      new AtFramer.Sink() {
        @Override
        public void onLine(byte[] buffer, int offset, int length) {
          handler.onLine(line.classify(buffer, offset, length));
        }

        @Override
        public void onPrompt() {
          handler.onPrompt();
        }

        @Override
        public void onError(AtException error) {
          handler.onError(error);
        }
      };

  private AtLineDecoder(AtFramer framer) {
    this.framer = framer;
  }

  /**
   * Creates a decoder with the default maximum line length.
   *
   * @return a decoder
   */
  public static AtLineDecoder create() {
    return new AtLineDecoder(AtFramer.create());
  }

  /**
   * Creates a decoder with the given maximum line length.
   *
   * @param maxLineLength the limit in bytes, see {@link AtFramer#create(int)}
   * @return a decoder
   * @throws AtException if the limit is out of range
   */
  public static AtLineDecoder create(int maxLineLength) {
    return new AtLineDecoder(AtFramer.create(maxLineLength));
  }

  /**
   * Returns the maximum line length.
   *
   * @return the limit in bytes
   */
  public int maxLineLength() {
    return framer.maxLineLength();
  }

  /**
   * Returns how many bytes are buffered for an incomplete line.
   *
   * @return 0..{@link #maxLineLength()}
   */
  public int buffered() {
    return framer.buffered();
  }

  /** Drops any partial line (after a reconnect). */
  public void reset() {
    framer.reset();
  }

  /**
   * Consumes bytes.
   *
   * @param bytes the array
   * @param offset the first byte
   * @param count how many bytes
   * @param handler receives the lines
   */
  public void feed(byte[] bytes, int offset, int count, Handler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    try {
      framer.feed(bytes, offset, count, sink);
    } finally {
      this.handler = NONE;
    }
  }

  /**
   * Consumes all remaining bytes of the buffer.
   *
   * @param bytes the bytes; its position moves to its limit
   * @param handler receives the lines
   */
  public void feed(ByteBuffer bytes, Handler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    try {
      framer.feed(bytes, sink);
    } finally {
      this.handler = NONE;
    }
  }
}
