package io.dfota.core;

import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Radio coverage of one device, read from Connectivity Monitoring (Object 4) before a FOTA
 * (protocol-notes §4.2 step 3, §4.4): it caps the number of concurrent upgrades per cell.
 *
 * @param cellId {@code /4/0/8} Cell ID, or null when not readable
 * @param rsrpDbm {@code /4/0/2} Radio Signal Strength in dBm, or null
 * @param sinrDb {@code /4/0/3} Link Quality, carrying SINR in dB on these modules, or null
 */
public record RadioReport(
    @Nullable Long cellId, @Nullable Integer rsrpDbm, @Nullable Integer sinrDb) {

  /**
   * Returns the cell id if known.
   *
   * @return the cell id
   */
  public Optional<Long> cell() {
    return Optional.ofNullable(cellId);
  }

  /**
   * Returns the RSRP if known.
   *
   * @return dBm
   */
  public OptionalInt rsrp() {
    return rsrpDbm == null ? OptionalInt.empty() : OptionalInt.of(rsrpDbm);
  }

  /**
   * Returns the SINR if known.
   *
   * @return dB
   */
  public OptionalInt sinr() {
    return sinrDb == null ? OptionalInt.empty() : OptionalInt.of(sinrDb);
  }
}
