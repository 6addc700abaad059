package io.dfota.at;

import io.dfota.at.internal.Fields;
import java.util.List;
import java.util.Optional;

/**
 * {@code AT+NMGR}: reads the oldest buffered downlink (written by the platform on {@code /19/1/0}),
 * answered {@code <length>,<hexdata>} then {@code OK}, or just {@code OK} when the buffer is empty
 * (protocol-notes §2.3).
 */
public record Nmgr() implements AtCommand<Optional<HexPayload>> {
  @Override
  public String line() {
    return "AT+NMGR";
  }

  @Override
  public boolean isResponseLine(String line) {
    return !line.isEmpty() && line.charAt(0) >= '0' && line.charAt(0) <= '9' && line.contains(",");
  }

  @Override
  public Optional<HexPayload> parseResponse(List<String> lines) {
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    if (lines.size() != 1) {
      throw new AtException("AT+NMGR response lines: " + lines.size() + " (expected: 0 or 1)");
    }
    List<String> f = Fields.count("AT+NMGR", Fields.split(lines.get(0)), 2, 2);
    int length = Fields.integer("AT+NMGR <length>", f.get(0), 1, HexPayload.MAX_LENGTH);
    return Optional.of(HexPayload.fromHex(length, f.get(1)));
  }

  @Override
  public List<String> formatResponse(Optional<HexPayload> value) {
    return value.map(p -> List.of(p.length() + "," + p.hex())).orElse(List.of());
  }
}
