package io.dfota.at;

import io.dfota.at.internal.Responses;

/**
 * {@code AT+CMEE=<n>}: error reporting; 1 gives numeric {@code +CME ERROR:<n>} (protocol-notes
 * §2.2).
 *
 * @param n 0 plain {@code ERROR}, 1 numeric, 2 verbose
 */
public record Cmee(int n) implements AtCommand.Simple {
  /** Validates the mode. */
  public Cmee {
    Responses.range("AT+CMEE <n>", n, 0, 2);
  }

  @Override
  public String line() {
    return "AT+CMEE=" + n;
  }
}
