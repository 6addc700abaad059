package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.time.Duration;
import java.util.List;

/**
 * {@code AT+NNMI}: the downlink indication mode (protocol-notes §2.3): 0 buffer only, 1 URC {@code
 * +NNMI:<length>,<hexdata>}, 2 bare {@code +NNMI} (then {@code AT+NMGR}).
 */
public final class Nnmi {
  private Nnmi() {}

  private static final String PREFIX = "+NNMI:";

  /**
   * {@code AT+NNMI=<n>}.
   *
   * @param n the value, 0..2
   */
  public record Set(int n) implements AtCommand.Simple {
    /** Validates the value. */
    public Set {
      Responses.range("AT+NNMI <n>", n, 0, 2);
    }

    @Override
    public String line() {
      return "AT+NNMI=" + n;
    }

    @Override
    public Duration timeout() {
      return AtCommand.DEFAULT_TIMEOUT;
    }

    static Set decode(List<String> f) {
      Fields.count("AT+NNMI", f, 1, 1);
      return new Set(Fields.integer("AT+NNMI <n>", f.get(0)));
    }
  }

  /** {@code AT+NNMI?}, answered {@code +NNMI:<n>}. */
  public record Query() implements AtCommand<Integer> {
    @Override
    public String line() {
      return "AT+NNMI?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 1, 1);
    }

    @Override
    public Integer parseResponse(List<String> lines) {
      return Fields.integer("+NNMI", Responses.single(line(), lines, PREFIX, 1, 1).get(0), 0, 2);
    }

    @Override
    public List<String> formatResponse(Integer value) {
      return List.of(PREFIX + value);
    }
  }
}
