package io.dfota.at;

import io.dfota.at.internal.Responses;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code AT+CGMR}: the multi-line revision information (protocol-notes §2.5; the exact layout is
 * not verified, Q4). The Quectel revision, for example {@code BC35GJBR01A04}, is the package
 * "version" of the seed.
 */
public record Cgmr() implements AtCommand<Cgmr.Revision> {

  private static final Pattern QUECTEL = Pattern.compile("\\b(BC[0-9A-Z]{6,30})\\b");

  /**
   * The revision lines.
   *
   * @param lines the lines as printed, at least one
   */
  public record Revision(List<String> lines) {
    /** Validates and copies. */
    public Revision {
      lines = List.copyOf(lines);
      if (lines.isEmpty()) {
        throw new AtException("AT+CGMR response lines: 0 (expected: >= 1)");
      }
    }

    /**
     * Returns the Quectel revision ({@code BC...}) if a line has one, otherwise the last line.
     *
     * @return the revision string
     */
    public String version() {
      for (String l : lines) {
        Matcher m = QUECTEL.matcher(l);
        if (m.find()) {
          return m.group(1);
        }
      }
      String last = lines.get(lines.size() - 1);
      int comma = last.lastIndexOf(',');
      return (comma >= 0 ? last.substring(comma + 1) : last).strip();
    }

    /**
     * Returns the Quectel revision if a line has one.
     *
     * @return the revision, or empty
     */
    public Optional<String> quectelRevision() {
      return lines.stream()
          .map(QUECTEL::matcher)
          .filter(Matcher::find)
          .map(m -> m.group(1))
          .findFirst();
    }
  }

  @Override
  public String line() {
    return "AT+CGMR";
  }

  @Override
  public boolean isResponseLine(String line) {
    return line.startsWith("+CGMR:") || Responses.plain(line);
  }

  @Override
  public Revision parseResponse(List<String> lines) {
    return new Revision(lines);
  }

  @Override
  public List<String> formatResponse(Revision value) {
    return value.lines();
  }
}
