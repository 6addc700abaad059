package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;

/**
 * {@code AT+NCDP}: the CDP / LwM2M server (the IoT platform) (protocol-notes §2.3). Persistent;
 * port 0 means 5683.
 */
public final class Ncdp {
  private Ncdp() {}

  private static final String PREFIX = "+NCDP:";

  /** The default CoAP port. */
  public static final int DEFAULT_PORT = 5683;

  /**
   * The configured server.
   *
   * @param address an IPv4 address or host name, as the module prints it
   * @param port 0..65535
   */
  public record Server(String address, int port) {
    /** Validates the server. */
    public Server {
      if (address.isEmpty()
          || address.length() > 253
          || !address.chars().allMatch(c -> c > ' ' && c < 0x7F && c != ',' && c != '"')) {
        throw new AtException(
            "NCDP address: '" + address + "' (expected: 1..253 printable characters)");
      }
      Responses.range("NCDP port", port, 0, 65535);
    }
  }

  /**
   * {@code AT+NCDP=<ip_addr>,<port>}.
   *
   * @param server the server
   */
  public record Set(Server server) implements AtCommand.Simple {
    @Override
    public String line() {
      return "AT+NCDP=" + server.address() + "," + server.port();
    }

    static Set decode(List<String> f) {
      Fields.count("AT+NCDP", f, 1, 2);
      int port = f.size() == 2 ? Fields.integer("NCDP port", f.get(1), 0, 65535) : DEFAULT_PORT;
      return new Set(new Server(unquote(f.get(0)), port));
    }
  }

  /** {@code AT+NCDP?}, answered {@code +NCDP:<ip>,<port>}. */
  public record Query() implements AtCommand<Server> {
    @Override
    public String line() {
      return "AT+NCDP?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 1, 2);
    }

    @Override
    public Server parseResponse(List<String> lines) {
      List<String> f = Responses.single(line(), lines, PREFIX, 1, 2);
      int port = f.size() == 2 ? Fields.integer("NCDP port", f.get(1), 0, 65535) : DEFAULT_PORT;
      return new Server(unquote(f.get(0)), port);
    }

    @Override
    public List<String> formatResponse(Server value) {
      return List.of(PREFIX + value.address() + "," + value.port());
    }
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
