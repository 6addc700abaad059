package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.time.Duration;
import java.util.List;

/**
 * {@code AT+CFUN}: the UE functionality (3GPP 27.007; protocol-notes §2.5): 0 minimum (radio off),
 * 1 full.
 */
public final class Cfun {
  private Cfun() {}

  private static final String PREFIX = "+CFUN:";

  /**
   * {@code AT+CFUN=<n>}.
   *
   * @param n the value, 0..1
   */
  public record Set(int n) implements AtCommand.Simple {
    /** Validates the value. */
    public Set {
      Responses.range("AT+CFUN <n>", n, 0, 1);
    }

    @Override
    public String line() {
      return "AT+CFUN=" + n;
    }

    @Override
    public Duration timeout() {
      return Duration.ofSeconds(90);
    }

    static Set decode(List<String> f) {
      Fields.count("AT+CFUN", f, 1, 1);
      return new Set(Fields.integer("AT+CFUN <n>", f.get(0)));
    }
  }

  /** {@code AT+CFUN?}, answered {@code +CFUN:<n>}. */
  public record Query() implements AtCommand<Integer> {
    @Override
    public String line() {
      return "AT+CFUN?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 1, 1);
    }

    @Override
    public Integer parseResponse(List<String> lines) {
      return Fields.integer("+CFUN", Responses.single(line(), lines, PREFIX, 1, 1).get(0), 0, 1);
    }

    @Override
    public List<String> formatResponse(Integer value) {
      return List.of(PREFIX + value);
    }
  }
}
