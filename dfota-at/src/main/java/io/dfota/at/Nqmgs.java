package io.dfota.at;

import java.util.List;

/**
 * {@code AT+NQMGS}: uplink counters since boot, answered {@code PENDING=<n>,SENT=<n>,ERROR=<n>}
 * (protocol-notes §2.3).
 */
public record Nqmgs() implements AtCommand<Nqmgs.Counters> {

  /**
   * The uplink counters.
   *
   * @param pending messages waiting to be sent
   * @param sent messages sent since boot
   * @param error messages that failed since boot
   */
  public record Counters(int pending, int sent, int error) {
    /** Validates the counters. */
    public Counters {
      if (pending < 0 || sent < 0 || error < 0) {
        throw new AtException("NQMGS counters: negative (expected: >= 0)");
      }
    }
  }

  @Override
  public String line() {
    return "AT+NQMGS";
  }

  @Override
  public boolean isResponseLine(String line) {
    return line.startsWith("PENDING=");
  }

  @Override
  public Counters parseResponse(List<String> lines) {
    int[] v = Nqmgr.Counted.parse("AT+NQMGS", lines, "PENDING", "SENT", "ERROR");
    return new Counters(v[0], v[1], v[2]);
  }

  @Override
  public List<String> formatResponse(Counters c) {
    return List.of("PENDING=" + c.pending() + ",SENT=" + c.sent() + ",ERROR=" + c.error());
  }
}
