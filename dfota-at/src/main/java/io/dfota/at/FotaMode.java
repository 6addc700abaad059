package io.dfota.at;

import java.util.Optional;

/**
 * The {@code <mode>} of {@code AT+QLWFOTAIND} (protocol-notes §2.3, P17): 0/1 choose automatic or
 * manual DFOTA (persistent); in manual mode 2/3 answer {@code +QLWEVTIND:6} and 4/5 answer {@code
 * +QLWEVTIND:7}.
 */
public enum FotaMode {
  /** 0: automatic DFOTA (the seed's setting). */
  AUTOMATIC(0),
  /** 1: manual DFOTA; the module reports {@code +QLWEVTIND:6}/{@code :7} and waits. */
  MANUAL(1),
  /** 2: accept the download (after {@code :6}). */
  ACCEPT_DOWNLOAD(2),
  /** 3: reject the download (after {@code :6}). */
  REJECT_DOWNLOAD(3),
  /** 4: accept the update (after {@code :7}). */
  ACCEPT_UPDATE(4),
  /** 5: reject the update (after {@code :7}). */
  REJECT_UPDATE(5);

  private final int code;

  FotaMode(int code) {
    this.code = code;
  }

  /**
   * Returns the wire value.
   *
   * @return 0..5
   */
  public int code() {
    return code;
  }

  /**
   * Finds the mode of a wire value.
   *
   * @param code the value
   * @return the mode, or empty outside 0..5
   */
  public static Optional<FotaMode> find(int code) {
    return code >= 0 && code < values().length ? Optional.of(values()[code]) : Optional.empty();
  }
}
