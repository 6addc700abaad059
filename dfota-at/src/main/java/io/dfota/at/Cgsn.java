package io.dfota.at;

import io.dfota.at.internal.Responses;
import java.util.List;

/**
 * {@code AT+CGSN=1}: reads the IMEI, answered {@code +CGSN:<IMEI>} (protocol-notes §2.5). The IMEI
 * is the module's LwM2M endpoint name.
 */
public record Cgsn() implements AtCommand<String> {
  private static final String PREFIX = "+CGSN:";

  @Override
  public String line() {
    return "AT+CGSN=1";
  }

  @Override
  public boolean isResponseLine(String line) {
    return Responses.prefixed(line, PREFIX, 1, 1);
  }

  @Override
  public String parseResponse(List<String> lines) {
    String imei = Responses.single(line(), lines, PREFIX, 1, 1).get(0);
    return checkImei(imei);
  }

  @Override
  public List<String> formatResponse(String imei) {
    return List.of(PREFIX + checkImei(imei));
  }

  /**
   * Checks an IMEI.
   *
   * @param imei the text
   * @return the IMEI
   * @throws AtException unless it has 15 decimal digits
   */
  public static String checkImei(String imei) {
    if (!imei.matches("[0-9]{15}")) {
      throw new AtException("IMEI: '" + imei + "' (expected: 15 decimal digits)");
    }
    return imei;
  }
}
