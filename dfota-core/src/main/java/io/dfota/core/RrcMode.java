package io.dfota.core;

/**
 * The RRC connection mode reported by {@code +CSCON:<n>,<mode>} (query) or {@code +CSCON:<mode>}
 * (URC) (protocol-notes §2.5, pitfall P4). The module may only be powered off in {@link #IDLE}.
 */
public enum RrcMode {
  /** 0: RRC idle; the radio link is released. */
  IDLE(0),
  /** 1: RRC connected. */
  CONNECTED(1);

  private static final RrcMode[] BY_CODE = WireCodes.index(values(), RrcMode::code);

  private final int code;

  RrcMode(int code) {
    this.code = code;
  }

  /**
   * Returns the wire value of {@code <mode>}.
   *
   * @return 0 or 1
   */
  public int code() {
    return code;
  }

  /**
   * Returns the mode with the given wire value.
   *
   * @param code the {@code <mode>} field
   * @return the mode
   * @throws DfotaException if the value is not 0 or 1
   */
  public static RrcMode fromCode(int code) {
    return WireCodes.lookup(BY_CODE, code, "+CSCON mode", "0 (idle) or 1 (connected)");
  }
}
