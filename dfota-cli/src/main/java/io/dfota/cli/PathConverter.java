package io.dfota.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Converts every {@link Path} option and parameter; a string the file system cannot name (a NUL
 * character, for example) is a usage error with a plain message, not the JDK exception's text.
 */
final class PathConverter implements CommandLine.ITypeConverter<Path> {
  @Override
  public Path convert(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new CommandLine.TypeConversionException(
          "not a file path: " + e.getReason() + " (expected: a path the file system accepts)");
    }
  }
}
