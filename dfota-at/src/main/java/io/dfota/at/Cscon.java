package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import io.dfota.core.RrcMode;
import java.util.List;
import java.util.Objects;

/**
 * {@code AT+CSCON}: the RRC connection status (protocol-notes §2.5, P4). The query answers {@code
 * +CSCON:<n>,<mode>}; the second field is the mode (0 idle), whatever {@code <n>} is. With {@code
 * AT+CSCON=1} the module also prints the URC {@link Urc.Cscon}.
 */
public final class Cscon {
  private Cscon() {}

  private static final String PREFIX = "+CSCON:";

  /**
   * The query's answer.
   *
   * @param n whether the URC is enabled (0 or 1)
   * @param mode the RRC mode
   */
  public record Status(int n, RrcMode mode) {
    /** Validates the status. */
    public Status {
      Responses.range("+CSCON <n>", n, 0, 1);
      Objects.requireNonNull(mode, "mode");
    }
  }

  /**
   * {@code AT+CSCON=<n>}.
   *
   * @param n 1 enables the {@code +CSCON:<mode>} URC
   */
  public record Set(int n) implements AtCommand.Simple {
    /** Validates the command. */
    public Set {
      Responses.range("AT+CSCON <n>", n, 0, 1);
    }

    @Override
    public String line() {
      return "AT+CSCON=" + n;
    }

    static Set decode(List<String> f) {
      Fields.count("AT+CSCON", f, 1, 1);
      return new Set(Fields.integer("AT+CSCON <n>", f.get(0)));
    }
  }

  /** {@code AT+CSCON?}. */
  public record Query() implements AtCommand<Status> {
    @Override
    public String line() {
      return "AT+CSCON?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 2, 2);
    }

    @Override
    public Status parseResponse(List<String> lines) {
      List<String> f = Responses.single(line(), lines, PREFIX, 2, 2);
      return new Status(
          Fields.integer("+CSCON <n>", f.get(0), 0, 1),
          RrcMode.fromCode(Fields.integer("+CSCON <mode>", f.get(1), 0, 1)));
    }

    @Override
    public List<String> formatResponse(Status value) {
      return List.of(PREFIX + value.n() + "," + value.mode().code());
    }
  }
}
