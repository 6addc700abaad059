package io.dfota.core;

/**
 * LwM2M Object 5 resource 5, "Update Result" ({@code /5/0/5}), with the meanings of protocol-notes
 * §3.3. Values 0 to 9 exist since object version 1.0, 10 and 11 since 1.1.
 *
 * <p>Huawei's reference client uses 8 for nearly every failure, so a platform must judge progress
 * by {@link FirmwareState}, not by fine-grained result codes (protocol-notes §3.2).
 */
public enum UpdateResult {
  /** 0: initial value; set at the start of every download and update, and on reset. */
  INITIAL(0, "Initial value"),
  /** 1: firmware updated successfully (T5). */
  SUCCESS(1, "Firmware updated successfully"),
  /** 2: not enough flash memory for the new package. */
  NOT_ENOUGH_FLASH(2, "Not enough flash memory for the new firmware package"),
  /** 3: out of RAM during the download. */
  OUT_OF_RAM(3, "Out of RAM during download"),
  /** 4: connection lost during the download. */
  CONNECTION_LOST(4, "Connection lost during download"),
  /** 5: integrity check failure for the downloaded package. */
  INTEGRITY_FAILURE(5, "Integrity check failure for the downloaded package"),
  /** 6: unsupported package type. */
  UNSUPPORTED_PACKAGE_TYPE(6, "Unsupported package type"),
  /** 7: invalid URI. */
  INVALID_URI(7, "Invalid URI"),
  /** 8: firmware update failed. */
  UPDATE_FAILED(8, "Firmware update failed"),
  /** 9: unsupported protocol (URI scheme). */
  UNSUPPORTED_PROTOCOL(9, "Unsupported protocol"),
  /** 10: firmware update cancelled ({@code /5/0/10} executed; object 1.1). */
  CANCELLED(10, "Firmware update cancelled"),
  /** 11: firmware update deferred (object 1.1). */
  DEFERRED(11, "Firmware update deferred");

  private static final UpdateResult[] BY_CODE = WireCodes.index(values(), UpdateResult::code);

  private final int code;
  private final String description;

  UpdateResult(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /**
   * Returns the wire value of {@code /5/0/5}.
   *
   * @return 0 to 11
   */
  public int code() {
    return code;
  }

  /**
   * Returns the meaning of this result in the words of the OMA object definition.
   *
   * @return a one-line description
   */
  public String description() {
    return description;
  }

  /**
   * Returns whether this code may end a download that failed (transition T3): 2 to 9.
   *
   * @return true for the download-failure codes
   */
  public boolean isDownloadFailure() {
    return code >= NOT_ENOUGH_FLASH.code && code <= UNSUPPORTED_PROTOCOL.code;
  }

  /**
   * Returns the result with the given wire value.
   *
   * @param code the value of {@code /5/0/5}
   * @return the result
   * @throws DfotaException if the value is not 0 to 11
   */
  public static UpdateResult fromCode(int code) {
    return WireCodes.lookup(BY_CODE, code, "update result (/5/0/5)", "0..11");
  }
}
