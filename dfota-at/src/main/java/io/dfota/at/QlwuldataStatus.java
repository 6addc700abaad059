package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;

/**
 * {@code AT+QLWULDATASTATUS?}: the status of the last CON uplink, answered {@code
 * +QLWULDATASTATUS:<status>[,<seq_num>]} (protocol-notes §2.3). The value is the same record as the
 * unsolicited form, {@link Urc.UplinkStatus}.
 */
public record QlwuldataStatus() implements AtCommand<Urc.UplinkStatus> {
  private static final String PREFIX = "+QLWULDATASTATUS:";

  @Override
  public String line() {
    return "AT+QLWULDATASTATUS?";
  }

  @Override
  public boolean isResponseLine(String line) {
    return Responses.prefixed(line, PREFIX, 1, 2);
  }

  @Override
  public Urc.UplinkStatus parseResponse(List<String> lines) {
    List<String> f = Responses.single(line(), lines, PREFIX, 1, 2);
    Integer seq = f.size() == 2 ? Fields.integer("+QLWULDATASTATUS seq", f.get(1), 0, 255) : null;
    return new Urc.UplinkStatus(Fields.integer("+QLWULDATASTATUS status", f.get(0), 0, 5), seq);
  }

  @Override
  public List<String> formatResponse(Urc.UplinkStatus value) {
    return List.of(value.line());
  }
}
