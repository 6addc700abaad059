package io.dfota.core;

import java.util.Optional;

/**
 * The seven firmware URCs a BC35-G / BC28 / BC95 R2.0 module prints to the MCU during DFOTA
 * (protocol-notes §2.4; seed §4.1). dfota-at parses the lines; the {@link DfotaGuard} consumes
 * these values.
 */
public enum FirmwareIndication {
  /** {@code FIRMWARE DOWNLOADING}: the download started; the MCU enters protection. */
  DOWNLOADING("FIRMWARE DOWNLOADING"),
  /** {@code FIRMWARE DOWNLOAD FAILED}: the download or its verification failed. */
  DOWNLOAD_FAILED("FIRMWARE DOWNLOAD FAILED"),
  /** {@code FIRMWARE DOWNLOADED} (variant {@code FIRMWARE DOWNLOAD SUCCESS}): package verified. */
  DOWNLOADED("FIRMWARE DOWNLOADED"),
  /** {@code FIRMWARE UPDATING}: the platform executed the update; the module reboots. */
  UPDATING("FIRMWARE UPDATING"),
  /** {@code FIRMWARE UPDATE SUCCESS}: the new firmware runs. */
  UPDATE_SUCCESS("FIRMWARE UPDATE SUCCESS"),
  /** {@code FIRMWARE UPDATE FAILED}: the update did not apply; the package is kept. */
  UPDATE_FAILED("FIRMWARE UPDATE FAILED"),
  /** {@code FIRMWARE UPDATE OVER}: the platform ended the task; the MCU leaves protection. */
  UPDATE_OVER("FIRMWARE UPDATE OVER");

  private final String line;

  FirmwareIndication(String line) {
    this.line = line;
  }

  /**
   * Returns the URC line exactly as the module prints it, without CR LF.
   *
   * @return the line
   */
  public String line() {
    return line;
  }

  /**
   * Returns whether this indication means a FOTA is running and the module must be protected.
   *
   * @return true for DOWNLOADING, DOWNLOADED and UPDATING
   */
  public boolean inProgress() {
    return this == DOWNLOADING || this == DOWNLOADED || this == UPDATING;
  }

  /**
   * Returns the Object 5 state this indication reports, if it reports one (OVER does not).
   *
   * @return the state
   */
  public Optional<FirmwareState> state() {
    return switch (this) {
      case DOWNLOADING -> Optional.of(FirmwareState.DOWNLOADING);
      case DOWNLOAD_FAILED, UPDATE_SUCCESS -> Optional.of(FirmwareState.IDLE);
      case DOWNLOADED, UPDATE_FAILED -> Optional.of(FirmwareState.DOWNLOADED);
      case UPDATING -> Optional.of(FirmwareState.UPDATING);
      case UPDATE_OVER -> Optional.empty();
    };
  }
}
