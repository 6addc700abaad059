package io.dfota.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Converts every {@link Duration} option (ISO-8601, for example {@code PT10M}); anything else is a
 * usage error with a plain message, not the JDK exception's text.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "not a duration (expected: ISO-8601 such as PT30S or PT10M)");
    }
  }
}
