package io.dfota.at;

import java.time.Duration;
import java.util.List;

/**
 * One AT command with its response parser (protocol-notes §2): the line the MCU sends, which
 * informational lines belong to its response, and how they become a value once the module answers
 * {@code OK}. The module side uses the same type: {@link ModuleCodec} parses command lines into
 * these, and {@link #formatResponse} prints the informational lines for a value.
 *
 * <p>Implementations are records (one per file), so two commands with the same parameters are
 * equal.
 *
 * @param <R> the value of a successful response
 */
public interface AtCommand<R> {

  /** The default time to wait for the final result. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Returns the command line without the terminating CR, for example {@code AT+CSCON?}.
   *
   * @return the line
   */
  String line();

  /**
   * Returns whether a line that arrives while this command is in flight is part of its response
   * (and not a URC).
   *
   * @param line the line
   * @return true if the response parser takes it
   */
  default boolean isResponseLine(String line) {
    return false;
  }

  /**
   * Parses the informational lines of an {@code OK} response.
   *
   * @param lines the lines {@link #isResponseLine} accepted, in order
   * @return the value
   * @throws AtException if the lines do not form a valid response
   */
  R parseResponse(List<String> lines);

  /**
   * Formats the informational lines the module prints before {@code OK} for a value (module side).
   *
   * @param value the value
   * @return the lines, without line ends; empty for commands answered with just {@code OK}
   */
  List<String> formatResponse(R value);

  /**
   * Returns how long to wait for the final result.
   *
   * @return the timeout
   */
  default Duration timeout() {
    return DEFAULT_TIMEOUT;
  }

  /**
   * Returns whether this command sends application data ({@code QLWULDATA}, {@code QLWULDATAEX},
   * {@code NMGS}); the driver refuses these while DFOTA runs (seed Table 1).
   *
   * @return true for data commands
   */
  default boolean sendsData() {
    return false;
  }

  /** A command answered with just {@code OK}. */
  interface Simple extends AtCommand<NoContent> {
    @Override
    default NoContent parseResponse(List<String> lines) {
      io.dfota.at.internal.Responses.none(line(), lines);
      return NoContent.INSTANCE;
    }

    @Override
    default List<String> formatResponse(NoContent value) {
      return List.of();
    }
  }
}
