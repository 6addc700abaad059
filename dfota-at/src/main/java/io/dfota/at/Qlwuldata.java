package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code AT+QLWULDATA=<length>,<hexdata>[,<seq_num>]}: a NON uplink on {@code /19/0/0}
 * (protocol-notes §2.3). The uplink that makes the platform see the device online and start a DFOTA
 * (seed §3.2: {@code AT+QLWULDATA=3,313233}). A data command: refused while DFOTA runs.
 *
 * @param data the payload
 * @param seq the optional sequence number 0..255, or null
 */
public record Qlwuldata(HexPayload data, @Nullable Integer seq) implements AtCommand.Simple {
  /** Validates the command. */
  public Qlwuldata {
    java.util.Objects.requireNonNull(data, "data");
    if (seq != null) {
      Responses.range("AT+QLWULDATA <seq_num>", seq, 0, 255);
    }
  }

  /**
   * An uplink without sequence number.
   *
   * @param data the payload
   */
  public Qlwuldata(HexPayload data) {
    this(data, null);
  }

  @Override
  public String line() {
    return "AT+QLWULDATA=" + data.length() + "," + data.hex() + (seq == null ? "" : "," + seq);
  }

  @Override
  public boolean sendsData() {
    return true;
  }

  static Qlwuldata decode(List<String> f) {
    Fields.count("AT+QLWULDATA", f, 2, 3);
    int length = Fields.integer("AT+QLWULDATA <length>", f.get(0), 1, HexPayload.MAX_LENGTH);
    Integer seq = f.size() == 3 ? Fields.integer("AT+QLWULDATA <seq_num>", f.get(2)) : null;
    return new Qlwuldata(HexPayload.fromHex(length, f.get(1)), seq);
  }
}
