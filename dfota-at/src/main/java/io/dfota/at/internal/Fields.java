package io.dfota.at.internal;

import io.dfota.at.AtException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the parameter part of AT lines: comma-separated fields, optional whitespace around them
 * (protocol-notes §2.1 "Spaces", "Prefix spacing"), strict decimal integers.
 */
public final class Fields {
  /** The most fields any supported line has. */
  public static final int MAX_FIELDS = 16;

  private Fields() {}

  /**
   * Splits the text after a prefix into trimmed fields.
   *
   * @param text the parameters
   * @return the fields, at least one
   * @throws AtException if there are more than {@link #MAX_FIELDS}
   */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>(4);
    int start = 0;
    while (true) {
      int comma = text.indexOf(',', start);
      String f = (comma < 0 ? text.substring(start) : text.substring(start, comma)).strip();
      out.add(f);
      if (out.size() > MAX_FIELDS) {
        throw new AtException(
            "fields: more than " + MAX_FIELDS + " (expected: <= " + MAX_FIELDS + ")");
      }
      if (comma < 0) {
        return out;
      }
      start = comma + 1;
    }
  }

  /**
   * Parses a strict non-negative decimal integer (1 to 9 digits).
   *
   * @param name the field's name for the error
   * @param text the text
   * @return the value
   * @throws AtException if it is not such a number
   */
  public static int integer(String name, String text) {
    if (text.isEmpty() || text.length() > 9) {
      throw new AtException(name + ": '" + text + "' (expected: 1..9 decimal digits)");
    }
    int v = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new AtException(name + ": '" + text + "' (expected: decimal digits)");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * Parses an integer and checks its range.
   *
   * @param name the field's name
   * @param text the text
   * @param min the smallest value
   * @param max the largest value
   * @return the value
   */
  public static int integer(String name, String text, int min, int max) {
    int v = integer(name, text);
    if (v < min || v > max) {
      throw new AtException(name + ": " + v + " (expected: " + min + ".." + max + ")");
    }
    return v;
  }

  /**
   * Checks the field count.
   *
   * @param name the line's name
   * @param fields the fields
   * @param min the fewest
   * @param max the most
   * @return the fields
   */
  public static List<String> count(String name, List<String> fields, int min, int max) {
    if (fields.size() < min || fields.size() > max) {
      throw new AtException(
          name + " fields: " + fields.size() + " (expected: " + min + ".." + max + ")");
    }
    return fields;
  }

  /**
   * Returns the parameters after a prefix such as {@code +CSCON:}, or null if the line does not
   * start with it.
   *
   * @param line the line
   * @param prefix the prefix, including the colon
   * @return the text after the prefix, stripped, or null
   */
  public static @org.jspecify.annotations.Nullable String after(String line, String prefix) {
    return line.startsWith(prefix) ? line.substring(prefix.length()).strip() : null;
  }
}
