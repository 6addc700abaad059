package io.dfota.platform;

import io.dfota.core.RadioReport;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a device's radio report to a {@link CoverageLevel} and a per-cell concurrency cap
 * (protocol-notes §4.4). The RSRP and SINR boundaries are configurable because the platform's exact
 * values are not public (open question Q6); the defaults are those proposed in §4.4. The effective
 * level is the weaker of the RSRP level and the SINR level.
 *
 * @param rsrpLevel0Dbm RSRP at or above which the RSRP level is 0 (default -105)
 * @param rsrpLevel1Dbm RSRP at or above which it is 1 (default -115)
 * @param rsrpLevel2Dbm RSRP at or above which it is 2 (default -125); below, "in no range"
 * @param sinrLevel0Db SINR at or above which the SINR level is 0 (default 7)
 * @param sinrLevel1Db SINR at or above which it is 1 (default -3); below, level 2
 * @param capLevel0 concurrent upgrades per cell at level 0 (default 50)
 * @param capLevel1 at level 1 (default 10)
 * @param capLevel2 at level 2 (default 1)
 * @param capCellOnly when only the cell id is known (default 10)
 */
public record CoveragePolicy(
    int rsrpLevel0Dbm,
    int rsrpLevel1Dbm,
    int rsrpLevel2Dbm,
    int sinrLevel0Db,
    int sinrLevel1Db,
    int capLevel0,
    int capLevel1,
    int capLevel2,
    int capCellOnly) {

  /** Validates the fields: thresholds decreasing, caps 1 to 10 000. */
  public CoveragePolicy {
    if (!(rsrpLevel0Dbm > rsrpLevel1Dbm && rsrpLevel1Dbm > rsrpLevel2Dbm)) {
      throw new PlatformException(
          "rsrp thresholds: "
              + rsrpLevel0Dbm
              + "/"
              + rsrpLevel1Dbm
              + "/"
              + rsrpLevel2Dbm
              + " (expected: strictly decreasing)");
    }
    if (!(sinrLevel0Db > sinrLevel1Db)) {
      throw new PlatformException(
          "sinr thresholds: " + sinrLevel0Db + "/" + sinrLevel1Db + " (expected: decreasing)");
    }
    for (int cap : new int[] {capLevel0, capLevel1, capLevel2, capCellOnly}) {
      if (cap < 1 || cap > 10_000) {
        throw new PlatformException("cap: " + cap + " (expected: 1 to 10000)");
      }
    }
  }

  /**
   * Returns the defaults of protocol-notes §4.4.
   *
   * @return the defaults
   */
  public static CoveragePolicy defaults() {
    return new CoveragePolicy(-105, -115, -125, 7, -3, 50, 10, 1, 10);
  }

  /**
   * Classifies a radio report.
   *
   * @param radio the report
   * @return the level, or empty when not even the cell id is known (the upgrade then fails)
   */
  public Optional<CoverageLevel> classify(RadioReport radio) {
    Objects.requireNonNull(radio, "radio");
    if (radio.cellId() == null) {
      return Optional.empty();
    }
    if (radio.rsrpDbm() == null && radio.sinrDb() == null) {
      return Optional.of(CoverageLevel.CELL_ONLY);
    }
    int level = 0;
    if (radio.rsrpDbm() != null) {
      int rsrp = radio.rsrpDbm();
      level = rsrp >= rsrpLevel0Dbm ? 0 : rsrp >= rsrpLevel1Dbm ? 1 : 2;
    }
    if (radio.sinrDb() != null) {
      int sinr = radio.sinrDb();
      level = Math.max(level, sinr >= sinrLevel0Db ? 0 : sinr >= sinrLevel1Db ? 1 : 2);
    }
    return Optional.of(
        level == 0
            ? CoverageLevel.LEVEL_0
            : level == 1 ? CoverageLevel.LEVEL_1 : CoverageLevel.LEVEL_2);
  }

  /**
   * Returns the concurrency cap of a level.
   *
   * @param level the level
   * @return devices per cell
   */
  public int cap(CoverageLevel level) {
    switch (level) {
      case LEVEL_0:
        return capLevel0;
      case LEVEL_1:
        return capLevel1;
      case LEVEL_2:
        return capLevel2;
      default:
        return capCellOnly;
    }
  }
}
