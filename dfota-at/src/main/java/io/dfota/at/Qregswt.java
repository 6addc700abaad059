package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.time.Duration;
import java.util.List;

/**
 * {@code AT+QREGSWT}: the LwM2M registration mode (protocol-notes §2.3): 0 manual, 1 automatic
 * after boot, 2 platform disabled (P18: makes FOTA impossible).
 */
public final class Qregswt {
  private Qregswt() {}

  private static final String PREFIX = "+QREGSWT:";

  /**
   * {@code AT+QREGSWT=<n>}.
   *
   * @param n the value, 0..2
   */
  public record Set(int n) implements AtCommand.Simple {
    /** Validates the value. */
    public Set {
      Responses.range("AT+QREGSWT <n>", n, 0, 2);
    }

    @Override
    public String line() {
      return "AT+QREGSWT=" + n;
    }

    @Override
    public Duration timeout() {
      return AtCommand.DEFAULT_TIMEOUT;
    }

    static Set decode(List<String> f) {
      Fields.count("AT+QREGSWT", f, 1, 1);
      return new Set(Fields.integer("AT+QREGSWT <n>", f.get(0)));
    }
  }

  /** {@code AT+QREGSWT?}, answered {@code +QREGSWT:<n>}. */
  public record Query() implements AtCommand<Integer> {
    @Override
    public String line() {
      return "AT+QREGSWT?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 1, 1);
    }

    @Override
    public Integer parseResponse(List<String> lines) {
      return Fields.integer("+QREGSWT", Responses.single(line(), lines, PREFIX, 1, 1).get(0), 0, 2);
    }

    @Override
    public List<String> formatResponse(Integer value) {
      return List.of(PREFIX + value);
    }
  }
}
