package io.dfota.emulator;

import io.dfota.core.FirmwareState;
import io.dfota.core.RadioReport;
import io.dfota.lwm2m.LinkFaults;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The faults one emulated module plays during a DFOTA (protocol-notes §1.3, §2.4, §6): a download
 * that breaks at a given Block2 block (result 2, {@code FIRMWARE DOWNLOAD FAILED}), a corrupted
 * package (the QDFE digest check fails: result 5), an update that fails after the reboot ({@code
 * FIRMWARE UPDATE FAILED}, state DOWNLOADED, result 8), a module that never prints {@code FIRMWARE
 * UPDATE OVER} (the MCU's 35-minute path, seed Table 2), a power loss at a FOTA stage (the module
 * stops answering, then boots with {@code REBOOT_CAUSE_SECURITY_RESET_PIN} and the T11 state), the
 * radio values the platform reads ({@code /4/0/2}, {@code /4/0/3}, {@code /4/0/8}, {@code
 * AT+NUESTATS}), and added latency and loss on the CoAP link.
 *
 * @param failDownloadAtBlock the Block2 block number (0-based) whose arrival breaks the download,
 *     or null for none
 * @param corruptPackage whether the downloaded package is corrupted (one byte flipped)
 * @param failUpdate whether the update fails after the reboot
 * @param suppressOver whether the module never prints {@code FIRMWARE UPDATE OVER}
 * @param powerLossAt the Object 5 state in which the module loses power (DOWNLOADING, DOWNLOADED or
 *     UPDATING), or null for none
 * @param powerOffTime how long the module stays without power
 * @param radio the radio values (cell id, RSRP in dBm, SINR in dB)
 * @param link loss and latency added to the module's CoAP traffic
 */
public record FaultPlan(
    @Nullable Integer failDownloadAtBlock,
    boolean corruptPackage,
    boolean failUpdate,
    boolean suppressOver,
    @Nullable FirmwareState powerLossAt,
    Duration powerOffTime,
    RadioReport radio,
    LinkFaults link) {

  /** The radio values of a module in good coverage (cell 0x1234, RSRP -90 dBm, SINR 10 dB). */
  public static final RadioReport GOOD_RADIO = new RadioReport(0x1234L, -90, 10);

  /** No faults, good coverage, a perfect link. */
  public static final FaultPlan NONE = builder().build();

  /** Validates the plan. */
  public FaultPlan {
    if (failDownloadAtBlock != null && failDownloadAtBlock < 0) {
      throw new EmulatorException(
          "failDownloadAtBlock: " + failDownloadAtBlock + " (expected: >= 0)");
    }
    if (powerLossAt == FirmwareState.IDLE) {
      throw new EmulatorException(
          "powerLossAt: IDLE (expected: DOWNLOADING, DOWNLOADED or UPDATING)");
    }
    Objects.requireNonNull(powerOffTime, "powerOffTime");
    if (powerOffTime.isNegative()) {
      throw new EmulatorException("powerOffTime: " + powerOffTime + " (expected: >= 0)");
    }
    Objects.requireNonNull(radio, "radio");
    Objects.requireNonNull(link, "link");
  }

  /**
   * Returns whether this plan makes the FOTA go wrong (radio values and a perfect link do not).
   *
   * @return true when a download, package, update, OVER or power fault is set
   */
  public boolean hasFotaFault() {
    return failDownloadAtBlock != null
        || corruptPackage
        || failUpdate
        || suppressOver
        || powerLossAt != null;
  }

  /**
   * Returns a builder with no faults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder starting from this plan.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.failDownloadAtBlock = failDownloadAtBlock;
    b.corruptPackage = corruptPackage;
    b.failUpdate = failUpdate;
    b.suppressOver = suppressOver;
    b.powerLossAt = powerLossAt;
    b.powerOffTime = powerOffTime;
    b.radio = radio;
    b.link = link;
    return b;
  }

  /** Builds a {@link FaultPlan}. */
  public static final class Builder {
    private @Nullable Integer failDownloadAtBlock;
    private boolean corruptPackage;
    private boolean failUpdate;
    private boolean suppressOver;
    private @Nullable FirmwareState powerLossAt;
    private Duration powerOffTime = Duration.ofSeconds(10);
    private RadioReport radio = GOOD_RADIO;
    private LinkFaults link = LinkFaults.NONE;

    private Builder() {}

    /**
     * Breaks the download when Block2 block {@code k} arrives: DOWNLOADING→IDLE, {@code FIRMWARE
     * DOWNLOAD FAILED}, with result 2 (the dfota-lwm2m client reports a storage failure as "not
     * enough flash"; a lost connection, result 4, comes from {@link #link} loss instead).
     *
     * @param k the 0-based block number
     * @return this builder
     */
    public Builder failDownloadAtBlock(int k) {
      this.failDownloadAtBlock = k;
      return this;
    }

    /**
     * Corrupts the downloaded package (one payload byte flipped): the QDFE check fails with result
     * 5.
     *
     * @return this builder
     */
    public Builder corruptPackage() {
      this.corruptPackage = true;
      return this;
    }

    /**
     * Makes the update fail after the reboot: {@code FIRMWARE UPDATE FAILED}, UPDATING→DOWNLOADED,
     * result 8 (T6).
     *
     * @return this builder
     */
    public Builder failUpdate() {
      this.failUpdate = true;
      return this;
    }

    /**
     * Makes the module never print {@code FIRMWARE UPDATE OVER}.
     *
     * @return this builder
     */
    public Builder suppressOver() {
      this.suppressOver = true;
      return this;
    }

    /**
     * Makes the module lose power when it enters a FOTA state.
     *
     * @param stage DOWNLOADING, DOWNLOADED or UPDATING
     * @param offTime how long it stays off
     * @return this builder
     */
    public Builder powerLossAt(FirmwareState stage, Duration offTime) {
      this.powerLossAt = Objects.requireNonNull(stage, "stage");
      this.powerOffTime = Objects.requireNonNull(offTime, "offTime");
      return this;
    }

    /**
     * Sets the radio values.
     *
     * @param cellId the cell id ({@code /4/0/8})
     * @param rsrpDbm the RSRP in dBm ({@code /4/0/2})
     * @param sinrDb the SINR in dB ({@code /4/0/3})
     * @return this builder
     */
    public Builder radio(long cellId, int rsrpDbm, int sinrDb) {
      this.radio = new RadioReport(cellId, rsrpDbm, sinrDb);
      return this;
    }

    /**
     * Sets the radio values.
     *
     * @param radio the values
     * @return this builder
     */
    public Builder radio(RadioReport radio) {
      this.radio = Objects.requireNonNull(radio, "radio");
      return this;
    }

    /**
     * Sets the loss and latency of the CoAP link.
     *
     * @param link the link faults
     * @return this builder
     */
    public Builder link(LinkFaults link) {
      this.link = Objects.requireNonNull(link, "link");
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     */
    public FaultPlan build() {
      return new FaultPlan(
          failDownloadAtBlock,
          corruptPackage,
          failUpdate,
          suppressOver,
          powerLossAt,
          powerOffTime,
          radio,
          link);
    }
  }
}
