package io.dfota.at;

import java.util.Optional;

/**
 * The {@code <mode>} of {@code AT+QLWULDATAEX} (protocol-notes §2.3, P5): NON or CON, and when the
 * RRC connection is released (Release Assistance). The RAI modes can cut the window the platform
 * needs to start a DFOTA; {@link #isFotaFriendly()} tells them apart.
 */
public enum UplinkMode {
  /** {@code 0x0000}: NON. */
  NON(0x0000),
  /** {@code 0x0001}: NON, release RRC right after sending (RAI). */
  NON_RELEASE(0x0001),
  /** {@code 0x0010}: NON, release RRC after the next downlink. */
  NON_RELEASE_AFTER_REPLY(0x0010),
  /** {@code 0x0100}: CON. */
  CON(0x0100),
  /** {@code 0x0101}: CON, release RRC after the ACK. */
  CON_RELEASE_AFTER_ACK(0x0101);

  private final int code;

  UplinkMode(int code) {
    this.code = code;
  }

  /**
   * Returns the wire value.
   *
   * @return the mode bits
   */
  public int code() {
    return code;
  }

  /**
   * Returns the wire text, {@code 0x} and four hex digits.
   *
   * @return for example {@code 0x0100}
   */
  public String wire() {
    return String.format("0x%04X", code);
  }

  /**
   * Returns whether this mode keeps the RRC connection (no Release Assistance), so the platform has
   * time to start a DFOTA after the uplink (P5).
   *
   * @return true for NON and CON
   */
  public boolean isFotaFriendly() {
    return this == NON || this == CON;
  }

  /**
   * Parses the wire text ({@code 0x0100}, {@code 0100} or decimal {@code 256}).
   *
   * @param text the text
   * @return the mode, or empty
   */
  public static Optional<UplinkMode> parse(String text) {
    int v;
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        if (text.length() > 6 || text.length() < 3) {
          return Optional.empty();
        }
        v = Integer.parseInt(text.substring(2), 16);
      } else {
        if (text.isEmpty() || text.length() > 4) {
          return Optional.empty();
        }
        v = Integer.parseInt(text, 16);
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    for (UplinkMode m : values()) {
      if (m.code == v) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
