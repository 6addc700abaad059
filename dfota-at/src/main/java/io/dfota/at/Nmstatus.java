package io.dfota.at;

import io.dfota.at.internal.Responses;
import java.util.List;

/**
 * {@code AT+NMSTATUS?}: the LwM2M messaging status, answered {@code +NMSTATUS:<status>}, for
 * example {@code MO_DATA_ENABLED} when uplinks can be sent (protocol-notes §2.3). Clones print a
 * space after the colon; it is accepted.
 */
public record Nmstatus() implements AtCommand<String> {
  private static final String PREFIX = "+NMSTATUS:";

  /** The status that means "registered, uplinks can be sent". */
  public static final String MO_DATA_ENABLED = "MO_DATA_ENABLED";

  @Override
  public String line() {
    return "AT+NMSTATUS?";
  }

  @Override
  public boolean isResponseLine(String line) {
    return Responses.prefixed(line, PREFIX, 1, 1);
  }

  @Override
  public String parseResponse(List<String> lines) {
    return check(Responses.single(line(), lines, PREFIX, 1, 1).get(0));
  }

  @Override
  public List<String> formatResponse(String value) {
    return List.of(PREFIX + check(value));
  }

  private static String check(String status) {
    if (!status.matches("[A-Z_]{1,32}")) {
      throw new AtException("+NMSTATUS status: '" + status + "' (expected: [A-Z_]{1,32})");
    }
    return status;
  }
}
