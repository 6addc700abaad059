package io.dfota.platform;

/**
 * A device's radio coverage class and the number of devices of its cell that may upgrade at the
 * same time (protocol-notes §4.4).
 */
public enum CoverageLevel {
  /** Level 0, good coverage: 50 concurrent upgrades per cell. */
  LEVEL_0(50),
  /** Level 1: 10 per cell. */
  LEVEL_1(10),
  /** Level 2, or a measurement in no range: 1 per cell. */
  LEVEL_2(1),
  /** Signal not readable, only the cell id known: 10 per cell. */
  CELL_ONLY(10);

  private final int defaultCap;

  CoverageLevel(int defaultCap) {
    this.defaultCap = defaultCap;
  }

  /**
   * Returns the platform's default concurrency for this level.
   *
   * @return devices per cell
   */
  public int defaultCap() {
    return defaultCap;
  }
}
