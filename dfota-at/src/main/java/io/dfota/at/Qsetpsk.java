package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code AT+QSETPSK}: the DTLS PSK identity and key of the LwM2M link (protocol-notes §2.3
 * "Other"), used when {@code AT+QSECSWT=1}. Persistent; set it before the module registers. An
 * identity of {@code 0} stands for the module's IMEI. The query answers the identity and {@code
 * ***} for the key, as the XinYi clone does. The key is never part of {@link #toString()}; log
 * command lines through {@link #redact(String)}.
 */
public final class Qsetpsk {
  private Qsetpsk() {}

  private static final String PREFIX = "+QSETPSK:";

  /** The identity that stands for the module's IMEI. */
  public static final String IMEI = "0";

  /** The longest identity accepted, characters. */
  public static final int MAX_IDENTITY = 64;

  /** The shortest key accepted, bytes (an OpenCPU driver sends 4). */
  public static final int MIN_KEY = 4;

  /** The longest key accepted, bytes (the XinYi clone takes exactly 16). */
  public static final int MAX_KEY = 32;

  private static final Pattern SECRET =
      Pattern.compile("(?i)(\\+QSETPSK\\s*=\\s*[^,\\r\\n]*,)[^\\r\\n]*");

  /**
   * Returns a command line or response text with the key of any {@code AT+QSETPSK=} replaced by
   * {@code ***}, for logs.
   *
   * @param line the text
   * @return the text without the key
   */
  public static String redact(String line) {
    return SECRET.matcher(line).replaceAll("$1***");
  }

  private static String checkIdentity(String identity) {
    if (identity.isEmpty()
        || identity.length() > MAX_IDENTITY
        || !identity.chars().allMatch(c -> c > ' ' && c < 0x7F && c != ',' && c != '"')) {
      throw new AtException(
          "AT+QSETPSK <pskid>: '"
              + identity
              + "' (expected: 1.."
              + MAX_IDENTITY
              + " printable characters without comma or quote)");
    }
    return identity;
  }

  private static String checkKey(String hex) {
    // the message never shows the key
    if (hex.length() % 2 != 0 || hex.length() < 2 * MIN_KEY || hex.length() > 2 * MAX_KEY) {
      throw new AtException(
          "AT+QSETPSK <psk>: "
              + hex.length()
              + " hex digits (expected: an even number, "
              + 2 * MIN_KEY
              + ".."
              + 2 * MAX_KEY
              + ")");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') {
        throw new AtException(
            "AT+QSETPSK <psk>: a character at " + i + " is not a hex digit (expected: [0-9A-F])");
      }
    }
    return hex.toUpperCase(Locale.ROOT);
  }

  /**
   * {@code AT+QSETPSK=<pskid>,<psk>}.
   *
   * @param identity the PSK identity, or {@link #IMEI}
   * @param keyHex the key in hex, 8 to 64 digits (kept upper-case)
   */
  public record Set(String identity, String keyHex) implements AtCommand.Simple {
    /** Validates the command. */
    public Set {
      checkIdentity(Objects.requireNonNull(identity, "identity"));
      keyHex = checkKey(Objects.requireNonNull(keyHex, "keyHex"));
    }

    /**
     * Returns a copy of the key bytes.
     *
     * @return the key
     */
    public byte[] key() {
      return HexFormat.of().parseHex(keyHex);
    }

    /**
     * Returns whether the identity stands for the IMEI.
     *
     * @return true for {@code 0}
     */
    public boolean identityIsImei() {
      return identity.equals(IMEI);
    }

    @Override
    public String line() {
      return "AT+QSETPSK=" + identity + "," + keyHex;
    }

    /** Returns the identity only, never the key. */
    @Override
    public String toString() {
      return "Set[identity=" + identity + ", key=***]";
    }

    static Set decode(List<String> f) {
      Fields.count("AT+QSETPSK", f, 2, 2);
      return new Set(f.get(0), f.get(1));
    }
  }

  /** {@code AT+QSETPSK?}, answered {@code +QSETPSK:<pskid>,***}: the identity, never the key. */
  public record Query() implements AtCommand<String> {
    @Override
    public String line() {
      return "AT+QSETPSK?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 2, 2);
    }

    @Override
    public String parseResponse(List<String> lines) {
      return checkIdentity(Responses.single(line(), lines, PREFIX, 2, 2).get(0));
    }

    @Override
    public List<String> formatResponse(String identity) {
      return List.of(PREFIX + checkIdentity(identity) + ",***");
    }
  }
}
