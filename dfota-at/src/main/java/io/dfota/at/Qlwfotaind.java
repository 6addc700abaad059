package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;
import java.util.Objects;

/**
 * {@code AT+QLWFOTAIND}: the DFOTA mode and the manual-mode answers (protocol-notes §2.3, P17). The
 * module refuses modes outside their state with {@code +CME ERROR}.
 */
public final class Qlwfotaind {
  private Qlwfotaind() {}

  private static final String PREFIX = "+QLWFOTAIND:";

  /**
   * {@code AT+QLWFOTAIND=<mode>}.
   *
   * @param mode the mode or answer
   */
  public record Set(FotaMode mode) implements AtCommand.Simple {
    /** Validates the command. */
    public Set {
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String line() {
      return "AT+QLWFOTAIND=" + mode.code();
    }

    static Set decode(List<String> f) {
      Fields.count("AT+QLWFOTAIND", f, 1, 1);
      return new Set(toMode(Fields.integer("AT+QLWFOTAIND <mode>", f.get(0))));
    }
  }

  /** {@code AT+QLWFOTAIND?}, answered {@code +QLWFOTAIND:<mode>} (0 or 1). */
  public record Query() implements AtCommand<FotaMode> {
    @Override
    public String line() {
      return "AT+QLWFOTAIND?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 1, 1);
    }

    @Override
    public FotaMode parseResponse(List<String> lines) {
      return toMode(
          Fields.integer("+QLWFOTAIND", Responses.single(line(), lines, PREFIX, 1, 1).get(0)));
    }

    @Override
    public List<String> formatResponse(FotaMode value) {
      return List.of(PREFIX + value.code());
    }
  }

  private static FotaMode toMode(int code) {
    return FotaMode.find(code)
        .orElseThrow(() -> new AtException("+QLWFOTAIND mode: " + code + " (expected: 0..5)"));
  }
}
