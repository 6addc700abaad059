package io.dfota.at;

import java.util.Optional;

/**
 * The {@code <type>} values of the {@code +QLWEVTIND:<type>} URC (protocol-notes §2.3; HiSilicon
 * client header [S7], cross-checked with [S5][S9]).
 */
public enum LwEventType {
  /** 0: registration to the LwM2M platform completed. */
  REGISTERED(0),
  /** 1: deregistration completed. */
  DEREGISTERED(1),
  /** 2: registration update completed. */
  REGISTRATION_UPDATED(2),
  /** 3: the platform observed {@code /19/0/0}; uplink data can be delivered now. */
  DATA_OBSERVED(3),
  /** 4: bootstrap completed. */
  BOOTSTRAP_COMPLETED(4),
  /** 5: the platform observed {@code /5/0/3}: a FOTA is starting. */
  FOTA_OBSERVED(5),
  /** 6: the platform wrote the package URI; in manual mode answer {@code AT+QLWFOTAIND=2/3}. */
  PACKAGE_URI_RECEIVED(6),
  /** 7: update requested or package ready; in manual mode answer {@code AT+QLWFOTAIND=4/5}. */
  UPDATE_REQUESTED(7),
  /** 8: reserved (a clone uses it for "registration failed"). */
  RESERVED_8(8),
  /** 9: the {@code /19/0/0} observation was cancelled; uplinks fail until re-observed. */
  DATA_OBSERVE_CANCELLED(9);

  private static final LwEventType[] BY_CODE = values();

  private final int code;

  LwEventType(int code) {
    this.code = code;
  }

  /**
   * Returns the wire value.
   *
   * @return {@code <type>}
   */
  public int code() {
    return code;
  }

  /**
   * Finds the type of a wire value.
   *
   * @param code {@code <type>}
   * @return the named type, or empty for values outside 0–9
   */
  public static Optional<LwEventType> find(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
  }

  static {
    for (int i = 0; i < BY_CODE.length; i++) {
      if (BY_CODE[i].code != i) {
        throw new AtException("+QLWEVTIND code: " + BY_CODE[i] + " (expected: " + i + ")");
      }
    }
  }
}
