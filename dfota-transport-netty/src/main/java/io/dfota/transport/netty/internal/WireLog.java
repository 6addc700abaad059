package io.dfota.transport.netty.internal;

import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw AT traffic on the logger {@code io.dfota.at.wire} at TRACE, tagged per connection (STYLE.md
 * rule 11). Printable ASCII is shown as is, CR and LF as {@code \r} and {@code \n}, anything else
 * as {@code \xHH}; long chunks are cut.
 */
public final class WireLog {
  /** The wire logger shared by every dfota transport. */
  public static final Logger LOG = LoggerFactory.getLogger("io.dfota.at.wire");

  /** At most this many bytes of a chunk are shown. */
  static final int MAX_SHOWN = 512;

  private WireLog() {}

  /**
   * Logs bytes received, if TRACE is on.
   *
   * @param tag the connection tag
   * @param bytes the bytes; position and limit are not changed
   */
  public static void rx(String tag, ByteBuffer bytes) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} rx {}B \"{}\"", tag, bytes.remaining(), escape(bytes));
    }
  }

  /**
   * Logs bytes sent, if TRACE is on.
   *
   * @param tag the connection tag
   * @param bytes the bytes; position and limit are not changed
   */
  public static void tx(String tag, ByteBuffer bytes) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} tx {}B \"{}\"", tag, bytes.remaining(), escape(bytes));
    }
  }

  static String escape(ByteBuffer bytes) {
    int from = bytes.position();
    int to = Math.min(bytes.limit(), from + MAX_SHOWN);
    StringBuilder out = new StringBuilder(to - from + 16);
    for (int i = from; i < to; i++) {
      int b = bytes.get(i) & 0xFF;
      if (b == '\r') {
        out.append("\\r");
      } else if (b == '\n') {
        out.append("\\n");
      } else if (b == '\\') {
        out.append("\\\\");
      } else if (b == '"') {
        out.append("\\\"");
      } else if (b >= 0x20 && b < 0x7F) {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02X", b));
      }
    }
    if (to < bytes.limit()) {
      out.append("...(").append(bytes.limit() - to).append(" more)");
    }
    return out.toString();
  }
}
