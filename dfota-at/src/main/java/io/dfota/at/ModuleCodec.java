package io.dfota.at;

import io.dfota.at.internal.Fields;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The module side of the AT interface (protocol-notes §2.1, §2.3–§2.5), for the emulator and Java
 * devices: parses the command lines an MCU sends into the same {@link AtCommand} records the MCU
 * side uses, and formats responses, final results and URCs with the module's framing ({@code
 * <CR><LF>line<CR><LF>}). Frame incoming bytes with an {@link AtFramer}; a command ends at CR.
 */
public final class ModuleCodec {

  /** The line end the module prints around every line. */
  public static final String CRLF = "\r\n";

  /** The outcome of parsing one command line. */
  public sealed interface Parsed permits Known, Unsupported, Invalid {}

  /**
   * A command the codec knows, with valid parameters.
   *
   * @param command the command
   */
  public record Known(AtCommand<?> command) implements Parsed {
    /** Validates the result. */
    public Known {
      Objects.requireNonNull(command, "command");
    }
  }

  /**
   * A line that is not a command the codec knows (a real module answers {@code ERROR}).
   *
   * @param line the line
   */
  public record Unsupported(String line) implements Parsed {
    /** Validates the result. */
    public Unsupported {
      Objects.requireNonNull(line, "line");
    }
  }

  /**
   * A known command with invalid parameters (a module answers {@code +CME ERROR:50}).
   *
   * @param line the line
   * @param reason what was wrong
   */
  public record Invalid(String line, String reason) implements Parsed {
    /** Validates the result. */
    public Invalid {
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private static final Map<String, Supplier<AtCommand<?>>> EXEC = new HashMap<>();
  private static final Map<String, Supplier<AtCommand<?>>> QUERY = new HashMap<>();
  private static final Map<String, Function<List<String>, AtCommand<?>>> SET = new HashMap<>();

  static {
    EXEC.put("+CGMR", Cgmr::new);
    EXEC.put("+NMGR", Nmgr::new);
    EXEC.put("+NQMGR", Nqmgr::new);
    EXEC.put("+NQMGS", Nqmgs::new);
    EXEC.put("+NUESTATS", Nuestats::new);
    EXEC.put("+NRB", Nrb::new);
    QUERY.put("+NCDP", Ncdp.Query::new);
    QUERY.put("+QREGSWT", Qregswt.Query::new);
    QUERY.put("+QLWULDATASTATUS", QlwuldataStatus::new);
    QUERY.put("+NNMI", Nnmi.Query::new);
    QUERY.put("+NMSTATUS", Nmstatus::new);
    QUERY.put("+QLWFOTAIND", Qlwfotaind.Query::new);
    QUERY.put("+CSCON", Cscon.Query::new);
    QUERY.put("+CEREG", Cereg.Query::new);
    QUERY.put("+CFUN", Cfun.Query::new);
    QUERY.put("+CGATT", Cgatt.Query::new);
    QUERY.put("+QSECSWT", Qsecswt.Query::new);
    QUERY.put("+QSETPSK", Qsetpsk.Query::new);
    SET.put("+CMEE", f -> new Cmee(Fields.integer("AT+CMEE <n>", one("AT+CMEE", f))));
    SET.put(
        "+CGSN",
        f -> {
          Fields.integer("AT+CGSN <snt>", one("AT+CGSN", f), 1, 1);
          return new Cgsn();
        });
    SET.put("+NCDP", Ncdp.Set::decode);
    SET.put("+QREGSWT", Qregswt.Set::decode);
    SET.put(
        "+QLWSREGIND",
        f -> new Qlwsregind(Fields.integer("AT+QLWSREGIND <type>", one("AT+QLWSREGIND", f))));
    SET.put("+QLWULDATA", Qlwuldata::decode);
    SET.put("+QLWULDATAEX", QlwuldataEx::decode);
    SET.put("+NMGS", Nmgs::decode);
    SET.put("+NNMI", Nnmi.Set::decode);
    SET.put("+QLWFOTAIND", Qlwfotaind.Set::decode);
    SET.put("+CSCON", Cscon.Set::decode);
    SET.put("+CEREG", Cereg.Set::decode);
    SET.put("+CFUN", Cfun.Set::decode);
    SET.put("+CGATT", Cgatt.Set::decode);
    SET.put("+QSECSWT", Qsecswt.Set::decode);
    SET.put("+QSETPSK", Qsetpsk.Set::decode);
  }

  private ModuleCodec() {}

  private static String one(String name, List<String> f) {
    return Fields.count(name, f, 1, 1).get(0);
  }

  /**
   * Parses one command line (without CR).
   *
   * @param line the line, for example {@code AT+QLWULDATA=3,313233}
   * @return the command, or why it is not one
   */
  public static Parsed parseCommand(String line) {
    String t = line.strip();
    if (t.length() < 2 || !t.substring(0, 2).equalsIgnoreCase("AT")) {
      return new Unsupported(line);
    }
    String body = t.substring(2);
    try {
      if (body.isEmpty()) {
        return new Known(new At());
      }
      String upper = body.toUpperCase(Locale.ROOT);
      if (upper.equals("E0") || upper.equals("E1")) {
        return new Known(new Ate(upper.equals("E1")));
      }
      if (!upper.startsWith("+")) {
        return new Unsupported(line);
      }
      int eq = body.indexOf('=');
      if (eq < 0) {
        if (upper.endsWith("?")) {
          Supplier<AtCommand<?>> q = QUERY.get(upper.substring(0, upper.length() - 1).strip());
          return q == null ? new Unsupported(line) : new Known(q.get());
        }
        Supplier<AtCommand<?>> e = EXEC.get(upper.strip());
        return e == null ? new Unsupported(line) : new Known(e.get());
      }
      String name = upper.substring(0, eq).strip();
      String params = body.substring(eq + 1).strip();
      Function<List<String>, AtCommand<?>> s = SET.get(name);
      if (s == null || params.equals("?")) {
        return new Unsupported(line);
      }
      return new Known(s.apply(Fields.split(params)));
    } catch (AtException | IllegalArgumentException e) {
      return new Invalid(line, String.valueOf(e.getMessage()));
    }
  }

  /**
   * Formats one line with the module's framing.
   *
   * @param line the line
   * @return {@code CR LF line CR LF}
   */
  public static String frame(String line) {
    return CRLF + line + CRLF;
  }

  /**
   * Formats a successful response: the informational lines, then {@code OK}.
   *
   * @param command the command
   * @param value its value
   * @param <R> the value type
   * @return the text to send
   */
  public static <R> String formatOk(AtCommand<R> command, R value) {
    StringBuilder sb = new StringBuilder();
    for (String l : command.formatResponse(value)) {
      sb.append(frame(l));
    }
    return sb.append(frame("OK")).toString();
  }

  /**
   * Formats {@code ERROR}.
   *
   * @return the text
   */
  public static String formatError() {
    return frame("ERROR");
  }

  /**
   * Formats {@code +CME ERROR:<n>}.
   *
   * @param code the code
   * @return the text
   */
  public static String formatCmeError(int code) {
    if (code < 0) {
      throw new AtException("+CME ERROR code: " + code + " (expected: >= 0)");
    }
    return frame("+CME ERROR:" + code);
  }

  /**
   * Formats a URC.
   *
   * @param urc the URC
   * @return the text
   */
  public static String formatUrc(Urc urc) {
    return frame(urc.line());
  }

  /**
   * Formats the boot banner (protocol-notes §2.5): {@code REBOOT_CAUSE_<X>}, {@code Neul}, {@code
   * OK}.
   *
   * @param cause the reboot cause
   * @return the text
   */
  public static String formatBanner(Urc.RebootCause cause) {
    return frame(cause.line()) + frame("Neul") + frame("OK");
  }

  /**
   * Encodes text for the wire.
   *
   * @param text the text
   * @return its bytes (ISO-8859-1, one byte per char)
   */
  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
