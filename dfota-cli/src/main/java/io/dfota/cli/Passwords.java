package io.dfota.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a private-key password comes from, in order: {@code --password-file FILE} (first line), the
 * environment variable {@code DFOTA_PASSWORD}, an interactive prompt. Never a command-line
 * argument. Callers clear the returned array with {@link #clear(char[])}.
 */
final class Passwords {

  private static final int MAX_FILE_BYTES = 4096;

  private Passwords() {}

  static char[] read(@Nullable Path file, Map<String, String> env, String prompt, boolean confirm) {
    if (file != null) {
      return fromFile(file);
    }
    String fromEnv = env.get(Main.PASSWORD_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException(
          Main.EXIT_USAGE,
          "no password: use --password-file FILE or the environment variable "
              + Main.PASSWORD_ENV
              + " (no terminal to prompt on)");
    }
    char[] first = console.readPassword("%s: ", prompt);
    if (first == null) {
      throw new CliException(Main.EXIT_USAGE, "no password entered");
    }
    if (confirm) {
      char[] second = console.readPassword("%s (again): ", prompt);
      boolean same = second != null && Arrays.equals(first, second);
      clear(second);
      if (!same) {
        clear(first);
        throw new CliException(Main.EXIT_USAGE, "the two passwords differ");
      }
    }
    return first;
  }

  private static char[] fromFile(Path file) {
    byte[] bytes = null;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new CliException(
            Main.EXIT_IO,
            "password file: " + file + " (expected: at most " + MAX_FILE_BYTES + " bytes)");
      }
      bytes = Files.readAllBytes(file);
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      int end = 0;
      while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
        end++;
      }
      char[] password = new char[end];
      chars.get(password, 0, end);
      chars.clear();
      while (chars.hasRemaining()) {
        chars.put('\0');
      }
      return password;
    } catch (NoSuchFileException e) {
      throw new CliException(Main.EXIT_IO, "password file: " + file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new CliException(Main.EXIT_IO, "password file: " + file + " (expected: UTF-8 text)");
    } catch (IOException e) {
      throw new CliException(Main.EXIT_IO, "password file: " + file + ": " + e.getMessage());
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  static void clear(char @Nullable [] password) {
    if (password != null) {
      Arrays.fill(password, '\0');
    }
  }
}
