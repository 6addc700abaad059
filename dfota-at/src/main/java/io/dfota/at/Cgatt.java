package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.time.Duration;
import java.util.List;

/**
 * {@code AT+CGATT}: packet domain attach (3GPP 27.007; protocol-notes §2.5): 0 detach, 1 attach.
 */
public final class Cgatt {
  private Cgatt() {}

  private static final String PREFIX = "+CGATT:";

  /**
   * {@code AT+CGATT=<n>}.
   *
   * @param n the value, 0..1
   */
  public record Set(int n) implements AtCommand.Simple {
    /** Validates the value. */
    public Set {
      Responses.range("AT+CGATT <n>", n, 0, 1);
    }

    @Override
    public String line() {
      return "AT+CGATT=" + n;
    }

    @Override
    public Duration timeout() {
      return Duration.ofSeconds(90);
    }

    static Set decode(List<String> f) {
      Fields.count("AT+CGATT", f, 1, 1);
      return new Set(Fields.integer("AT+CGATT <n>", f.get(0)));
    }
  }

  /** {@code AT+CGATT?}, answered {@code +CGATT:<n>}. */
  public record Query() implements AtCommand<Integer> {
    @Override
    public String line() {
      return "AT+CGATT?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 1, 1);
    }

    @Override
    public Integer parseResponse(List<String> lines) {
      return Fields.integer("+CGATT", Responses.single(line(), lines, PREFIX, 1, 1).get(0), 0, 1);
    }

    @Override
    public List<String> formatResponse(Integer value) {
      return List.of(PREFIX + value);
    }
  }
}
