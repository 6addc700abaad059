package io.dfota.at;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code AT+NUESTATS}: radio statistics, one {@code <name>:<value>} line each ({@code Signal
 * power}, {@code Cell ID}, {@code SNR}, {@code ECL}, ...) (protocol-notes §2.5). Values are
 * integers, in tenths of dB(m) for the powers and SNR (A).
 */
public record Nuestats() implements AtCommand<Nuestats.Stats> {

  /**
   * The statistics.
   *
   * @param values name → value, in the module's order
   */
  public record Stats(Map<String, Long> values) {
    /** Validates and copies. */
    public Stats {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
      for (String k : values.keySet()) {
        if (!k.matches("[A-Za-z][A-Za-z ]{0,31}")) {
          throw new AtException("NUESTATS name: '" + k + "' (expected: [A-Za-z][A-Za-z ]{0,31})");
        }
      }
    }

    /**
     * Returns one value.
     *
     * @param name for example {@code Signal power}
     * @return the value, or empty
     */
    public Optional<Long> get(String name) {
      return Optional.ofNullable(values.get(name));
    }
  }

  @Override
  public String line() {
    return "AT+NUESTATS";
  }

  @Override
  public boolean isResponseLine(String line) {
    int colon = line.indexOf(':');
    return colon > 0
        && !line.startsWith("+")
        && line.substring(0, colon).matches("[A-Za-z][A-Za-z ]*");
  }

  @Override
  public Stats parseResponse(List<String> lines) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String l : lines) {
      int colon = l.indexOf(':');
      String name = l.substring(0, colon).strip();
      String v = l.substring(colon + 1).strip();
      if (!v.matches("-?[0-9]{1,18}")) {
        throw new AtException("NUESTATS " + name + ": '" + v + "' (expected: an integer)");
      }
      m.put(name, Long.parseLong(v));
    }
    return new Stats(m);
  }

  @Override
  public List<String> formatResponse(Stats value) {
    return value.values().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
  }
}
