package io.dfota.at;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one AT command (protocol-notes §2.1, §2.2, P1): {@code OK} with a value, {@code
 * ERROR}, {@code +CME ERROR:<n>}, or an outcome of the link (timeout, module restarted, transport
 * closed, refused before sending). All are values; none is thrown.
 *
 * @param <R> the value type of {@link Ok}
 */
public sealed interface AtResponse<R>
    permits AtResponse.Ok,
        AtResponse.Error,
        AtResponse.CmeError,
        AtResponse.Malformed,
        AtResponse.Timeout,
        AtResponse.ModuleRestarted,
        AtResponse.TransportClosed,
        AtResponse.Refused {

  /**
   * Returns whether the module answered {@code OK}.
   *
   * @return true for {@link Ok}
   */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /**
   * Returns the value if the module answered {@code OK}.
   *
   * @return the value, or empty
   */
  default Optional<R> okValue() {
    return this instanceof Ok<R> ok ? Optional.of(ok.value()) : Optional.empty();
  }

  /**
   * Returns a short description for logs and errors.
   *
   * @return the description
   */
  String describe();

  /**
   * {@code OK}, with the parsed value and the informational lines.
   *
   * @param value the value
   * @param lines the informational lines
   * @param <R> the value type
   */
  record Ok<R>(R value, List<String> lines) implements AtResponse<R> {
    /** Validates and copies. */
    public Ok {
      Objects.requireNonNull(value, "value");
      lines = List.copyOf(lines);
    }

    @Override
    public String describe() {
      return "OK " + value;
    }
  }

  /**
   * {@code ERROR}: an unknown command, or a failure when {@code AT+CMEE=0}.
   *
   * @param <R> the value type
   */
  record Error<R>() implements AtResponse<R> {
    @Override
    public String describe() {
      return "ERROR";
    }
  }

  /**
   * {@code +CME ERROR:<n>}.
   *
   * @param code {@code <n>}
   * @param <R> the value type
   */
  record CmeError<R>(int code) implements AtResponse<R> {
    /** Validates the code. */
    public CmeError {
      if (code < 0) {
        throw new AtException("+CME ERROR code: " + code + " (expected: >= 0)");
      }
    }

    /**
     * Returns the known meaning of the code.
     *
     * @return the code, or empty if it is not in protocol-notes §2.2
     */
    public Optional<CmeErrorCode> known() {
      return CmeErrorCode.find(code);
    }

    /**
     * Returns whether the module refused because a FOTA is running (529).
     *
     * @return true for 529
     */
    public boolean duringFota() {
      return code == CmeErrorCode.DURING_FOTA_UPDATING.code();
    }

    @Override
    public String describe() {
      return "+CME ERROR:" + code + known().map(c -> " (" + c.meaning() + ")").orElse("");
    }
  }

  /**
   * {@code OK}, but the informational lines did not parse.
   *
   * @param reason the parser's message
   * @param lines the lines
   * @param <R> the value type
   */
  record Malformed<R>(String reason, List<String> lines) implements AtResponse<R> {
    /** Validates and copies. */
    public Malformed {
      Objects.requireNonNull(reason, "reason");
      lines = List.copyOf(lines);
    }

    @Override
    public String describe() {
      return "malformed response: " + reason;
    }
  }

  /**
   * No final result within the command's timeout.
   *
   * @param after the timeout
   * @param <R> the value type
   */
  record Timeout<R>(Duration after) implements AtResponse<R> {
    /** Validates the timeout. */
    public Timeout {
      Objects.requireNonNull(after, "after");
    }

    @Override
    public String describe() {
      return "no final result within " + after;
    }
  }

  /**
   * The module restarted (a {@code REBOOT_CAUSE_*} or {@code Neul} banner) while the command was in
   * flight (P1); the banner's {@code OK} is not this command's answer. For {@code AT+NRB} this is
   * the expected outcome.
   *
   * @param cause the reboot cause, or {@code UNKNOWN} when the banner had none
   * @param <R> the value type
   */
  record ModuleRestarted<R>(String cause) implements AtResponse<R> {
    /** Validates the cause. */
    public ModuleRestarted {
      Objects.requireNonNull(cause, "cause");
    }

    @Override
    public String describe() {
      return "module restarted (" + cause + ")";
    }
  }

  /**
   * The transport closed or disconnected before the final result.
   *
   * @param reason the transport's reason
   * @param <R> the value type
   */
  record TransportClosed<R>(String reason) implements AtResponse<R> {
    /** Validates the reason. */
    public TransportClosed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
      return "transport closed: " + reason;
    }
  }

  /**
   * The command was not sent: the DFOTA guard refused it, or the session's queue was full.
   *
   * @param reason why
   * @param <R> the value type
   */
  record Refused<R>(String reason) implements AtResponse<R> {
    /** Validates the reason. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
      return "refused: " + reason;
    }
  }
}
