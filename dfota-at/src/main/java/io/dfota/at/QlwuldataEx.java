package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code AT+QLWULDATAEX=<length>,<hexdata>,<mode>[,<seq_num>]}: an uplink on {@code /19/0/0} with
 * NON/CON and Release Assistance (protocol-notes §2.3, P5). A data command.
 *
 * @param data the payload
 * @param mode the mode
 * @param seq the optional sequence number 1..255 (tracked by {@code +QLWULDATASTATUS}), or null
 */
public record QlwuldataEx(HexPayload data, UplinkMode mode, @Nullable Integer seq)
    implements AtCommand.Simple {
  /** Validates the command. */
  public QlwuldataEx {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(mode, "mode");
    if (seq != null) {
      Responses.range("AT+QLWULDATAEX <seq_num>", seq, 1, 255);
    }
  }

  @Override
  public String line() {
    return "AT+QLWULDATAEX="
        + data.length()
        + ","
        + data.hex()
        + ","
        + mode.wire()
        + (seq == null ? "" : "," + seq);
  }

  @Override
  public boolean sendsData() {
    return true;
  }

  static QlwuldataEx decode(List<String> f) {
    Fields.count("AT+QLWULDATAEX", f, 3, 4);
    int length = Fields.integer("AT+QLWULDATAEX <length>", f.get(0), 1, HexPayload.MAX_LENGTH);
    UplinkMode mode =
        UplinkMode.parse(f.get(2))
            .orElseThrow(
                () ->
                    new AtException(
                        "AT+QLWULDATAEX <mode>: '"
                            + f.get(2)
                            + "' (expected: 0x0000, 0x0001, 0x0010, 0x0100 or 0x0101)"));
    Integer seq = f.size() == 4 ? Fields.integer("AT+QLWULDATAEX <seq_num>", f.get(3)) : null;
    return new QlwuldataEx(HexPayload.fromHex(length, f.get(1)), mode, seq);
  }
}
