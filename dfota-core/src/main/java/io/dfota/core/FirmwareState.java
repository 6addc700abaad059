package io.dfota.core;

/**
 * LwM2M Object 5 resource 3, "State" ({@code /5/0/3}): the client's firmware-update state
 * (protocol-notes §3.1). The wire value is the integer {@link #code()}.
 */
public enum FirmwareState {
  /** 0: no package downloaded or being downloaded (the initial state, and after reset). */
  IDLE(0),
  /** 1: the package is being downloaded (pull) or written (push). */
  DOWNLOADING(1),
  /** 2: a complete, verified package is stored and can be applied with {@code /5/0/2}. */
  DOWNLOADED(2),
  /** 3: the update is being applied; the module reboots during this state. */
  UPDATING(3);

  private static final FirmwareState[] BY_CODE = WireCodes.index(values(), FirmwareState::code);

  private final int code;

  FirmwareState(int code) {
    this.code = code;
  }

  /**
   * Returns the wire value of {@code /5/0/3}.
   *
   * @return 0 to 3
   */
  public int code() {
    return code;
  }

  /**
   * Returns the state with the given wire value.
   *
   * @param code the value of {@code /5/0/3}
   * @return the state
   * @throws DfotaException if the value is not 0 to 3
   */
  public static FirmwareState fromCode(int code) {
    return WireCodes.lookup(BY_CODE, code, "firmware state (/5/0/3)", "0..3");
  }
}
