package io.dfota.emulator;

import java.util.Objects;

/**
 * A 15-digit IMEI with a valid Luhn check digit: what {@code AT+CGSN=1} returns and what the module
 * uses as its LwM2M endpoint name (protocol-notes §2.5). The emulator makes fleets of them from a
 * type allocation code and a serial number.
 *
 * @param value the 15 digits
 */
public record Imei(String value) {

  /** The type allocation code of the seed's device (first 8 digits of {@code 867725030008282}). */
  public static final String SEED_TAC = "86772503";

  /** Validates the IMEI. */
  public Imei {
    Objects.requireNonNull(value, "value");
    if (value.length() != 15 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new EmulatorException("imei: \"" + value + "\" (expected: 15 decimal digits)");
    }
    int check = luhn(value.substring(0, 14));
    if (value.charAt(14) - '0' != check) {
      throw new EmulatorException(
          "imei: " + value + " has check digit " + value.charAt(14) + " (expected: " + check + ")");
    }
  }

  /**
   * Makes the IMEI with the given type allocation code and serial number.
   *
   * @param tac 8 digits
   * @param serial 0 to 999 999
   * @return the IMEI with its check digit
   */
  public static Imei of(String tac, int serial) {
    if (tac.length() != 8 || !tac.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new EmulatorException("tac: \"" + tac + "\" (expected: 8 decimal digits)");
    }
    if (serial < 0 || serial > 999_999) {
      throw new EmulatorException("serial: " + serial + " (expected: 0..999999)");
    }
    String body = tac + String.format("%06d", serial);
    return new Imei(body + luhn(body));
  }

  private static int luhn(String fourteen) {
    int sum = 0;
    for (int i = 0; i < fourteen.length(); i++) {
      int d = fourteen.charAt(i) - '0';
      if (i % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return (10 - sum % 10) % 10;
  }

  @Override
  public String toString() {
    return value;
  }
}
