package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code AT+NMGS=<length>,<hexdata>[,<seq_num>]}: the legacy NON uplink on {@code /19/0/0}
 * (protocol-notes §2.3). A data command.
 *
 * @param data the payload
 * @param seq the optional sequence number 0..255, or null
 */
public record Nmgs(HexPayload data, @Nullable Integer seq) implements AtCommand.Simple {
  /** Validates the command. */
  public Nmgs {
    Objects.requireNonNull(data, "data");
    if (seq != null) {
      Responses.range("AT+NMGS <seq_num>", seq, 0, 255);
    }
  }

  @Override
  public String line() {
    return "AT+NMGS=" + data.length() + "," + data.hex() + (seq == null ? "" : "," + seq);
  }

  @Override
  public boolean sendsData() {
    return true;
  }

  static Nmgs decode(List<String> f) {
    Fields.count("AT+NMGS", f, 2, 3);
    int length = Fields.integer("AT+NMGS <length>", f.get(0), 1, HexPayload.MAX_LENGTH);
    Integer seq = f.size() == 3 ? Fields.integer("AT+NMGS <seq_num>", f.get(2)) : null;
    return new Nmgs(HexPayload.fromHex(length, f.get(1)), seq);
  }
}
