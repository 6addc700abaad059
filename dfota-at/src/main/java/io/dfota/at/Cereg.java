package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;

/**
 * {@code AT+CEREG}: EPS network registration (3GPP 27.007; protocol-notes §2.5). The query answers
 * {@code +CEREG:<n>,<stat>[,...]}; with {@code n ≥ 1} the module prints the URC {@link Urc.Cereg}.
 */
public final class Cereg {
  private Cereg() {}

  private static final String PREFIX = "+CEREG:";

  /**
   * The query's answer.
   *
   * @param n the URC mode, 0..5
   * @param stat 0 not registered, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming
   */
  public record Status(int n, int stat) {
    /** Validates the status. */
    public Status {
      Responses.range("+CEREG <n>", n, 0, 5);
      Responses.range("+CEREG <stat>", stat, 0, 99);
    }

    /**
     * Returns whether the module is registered.
     *
     * @return true for home (1) or roaming (5)
     */
    public boolean registered() {
      return stat == 1 || stat == 5;
    }
  }

  /**
   * {@code AT+CEREG=<n>}.
   *
   * @param n 0..5
   */
  public record Set(int n) implements AtCommand.Simple {
    /** Validates the command. */
    public Set {
      Responses.range("AT+CEREG <n>", n, 0, 5);
    }

    @Override
    public String line() {
      return "AT+CEREG=" + n;
    }

    static Set decode(List<String> f) {
      Fields.count("AT+CEREG", f, 1, 1);
      return new Set(Fields.integer("AT+CEREG <n>", f.get(0)));
    }
  }

  /** {@code AT+CEREG?}. */
  public record Query() implements AtCommand<Status> {
    @Override
    public String line() {
      return "AT+CEREG?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 2, 12);
    }

    @Override
    public Status parseResponse(List<String> lines) {
      List<String> f = Responses.single(line(), lines, PREFIX, 2, 12);
      return new Status(
          Fields.integer("+CEREG <n>", f.get(0)), Fields.integer("+CEREG <stat>", f.get(1)));
    }

    @Override
    public List<String> formatResponse(Status value) {
      return List.of(PREFIX + value.n() + "," + value.stat());
    }
  }
}
