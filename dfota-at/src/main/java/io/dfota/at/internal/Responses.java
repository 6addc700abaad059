package io.dfota.at.internal;

import io.dfota.at.AtException;
import io.dfota.at.Urc;
import java.util.List;

/** Shared pieces of the command response parsers (protocol-notes §2.1 output framing). */
public final class Responses {
  private Responses() {}

  /**
   * Returns whether the line starts with the prefix (for example {@code +CSCON:}) and has between
   * {@code min} and {@code max} fields after it.
   *
   * @param line the line
   * @param prefix the prefix with its colon
   * @param min fewest fields
   * @param max most fields
   * @return true if the line matches
   */
  public static boolean prefixed(String line, String prefix, int min, int max) {
    String rest = Fields.after(line, prefix);
    if (rest == null) {
      return false;
    }
    int fields = 1;
    for (int i = 0; i < rest.length(); i++) {
      if (rest.charAt(i) == ',') {
        fields++;
      }
    }
    return fields >= min && fields <= max;
  }

  /**
   * Returns whether a line without a {@code +} prefix is a plain informational line: not a known
   * URC, not a final result.
   *
   * @param line the line
   * @return true for plain lines
   */
  public static boolean plain(String line) {
    return !line.startsWith("+") && !line.equals("ERROR") && Urc.parse(line) instanceof Urc.Unknown;
  }

  /**
   * Returns the fields of the single line with the prefix.
   *
   * @param name the command, for errors
   * @param lines the response lines
   * @param prefix the prefix with its colon
   * @param min fewest fields
   * @param max most fields
   * @return the fields
   */
  public static List<String> single(
      String name, List<String> lines, String prefix, int min, int max) {
    if (lines.size() != 1) {
      throw new AtException(name + " response lines: " + lines.size() + " (expected: 1)");
    }
    String rest = Fields.after(lines.get(0), prefix);
    if (rest == null) {
      throw new AtException(
          name + " response: '" + lines.get(0) + "' (expected: " + prefix + "...)");
    }
    return Fields.count(name, Fields.split(rest), min, max);
  }

  /**
   * Checks that an {@code OK}-only response has no lines.
   *
   * @param name the command
   * @param lines the lines
   */
  public static void none(String name, List<String> lines) {
    if (!lines.isEmpty()) {
      throw new AtException(name + " response lines: " + lines.size() + " (expected: 0)");
    }
  }

  /**
   * Checks a set command's argument.
   *
   * @param name the argument's name
   * @param value the value
   * @param min smallest
   * @param max largest
   * @return the value
   */
  public static int range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new AtException(name + ": " + value + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }
}
