package io.dfota.platform;

/**
 * The steps of one device's upgrade on the platform (protocol-notes §4.2), used for the running
 * stage and for the stage a failure happened in.
 */
public enum Stage {
  /** Step 0–1: waiting for the device to come online (24 h). */
  ONLINE,
  /** Step 2: reading {@code /3/0/3}. */
  READ_VERSION,
  /** Step 3: reading the radio coverage ({@code /4/0/8}, {@code /4/0/2}, {@code /4/0/3}). */
  READ_RADIO,
  /** Step 4: observing {@code /5/0/3}. */
  OBSERVE,
  /** Step 5: writing {@code /5/0/1}. */
  WRITE_URI,
  /** Step 6: the device downloads the package, until state DOWNLOADED (60 min). */
  DOWNLOAD,
  /** Step 7: executing {@code /5/0/2}. */
  EXECUTE,
  /** Step 8: waiting for the final state after the update (30 min). */
  UPDATE,
  /** Step 9: reading {@code /5/0/5}. */
  READ_RESULT,
  /** Step 9: cancelling the {@code /5/0/3} observation. */
  CANCEL_OBSERVATION
}
