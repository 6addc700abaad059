package io.dfota.at;

import io.dfota.at.internal.Fields;
import java.util.List;

/**
 * {@code AT+NQMGR}: downlink counters since boot, answered {@code
 * BUFFERED=<n>,RECEIVED=<n>,DROPPED=<n>} (protocol-notes §2.3).
 */
public record Nqmgr() implements AtCommand<Nqmgr.Counters> {

  /**
   * The downlink counters.
   *
   * @param buffered messages waiting to be read
   * @param received messages received since boot
   * @param dropped messages dropped since boot
   */
  public record Counters(int buffered, int received, int dropped) {
    /** Validates the counters. */
    public Counters {
      if (buffered < 0 || received < 0 || dropped < 0) {
        throw new AtException("NQMGR counters: negative (expected: >= 0)");
      }
    }
  }

  @Override
  public String line() {
    return "AT+NQMGR";
  }

  @Override
  public boolean isResponseLine(String line) {
    return line.startsWith("BUFFERED=");
  }

  @Override
  public Counters parseResponse(List<String> lines) {
    int[] v = Counted.parse("AT+NQMGR", lines, "BUFFERED", "RECEIVED", "DROPPED");
    return new Counters(v[0], v[1], v[2]);
  }

  @Override
  public List<String> formatResponse(Counters c) {
    return List.of(
        "BUFFERED=" + c.buffered() + ",RECEIVED=" + c.received() + ",DROPPED=" + c.dropped());
  }

  /** Parses {@code NAME=<n>,...} lines. */
  static final class Counted {
    private Counted() {}

    static int[] parse(String command, List<String> lines, String... names) {
      if (lines.size() != 1) {
        throw new AtException(command + " response lines: " + lines.size() + " (expected: 1)");
      }
      List<String> f =
          Fields.count(command, Fields.split(lines.get(0)), names.length, names.length);
      int[] out = new int[names.length];
      for (int i = 0; i < names.length; i++) {
        String expected = names[i] + "=";
        if (!f.get(i).startsWith(expected)) {
          throw new AtException(
              command + " field: '" + f.get(i) + "' (expected: " + expected + "<n>)");
        }
        out[i] =
            Fields.integer(command + " " + names[i], f.get(i).substring(expected.length()).strip());
      }
      return out;
    }
  }
}
