package io.dfota.samples.mcudevice;

import io.dfota.core.FirmwareIndication;
import io.dfota.core.GuardVerdict;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one run of an MCU sample saw: whether a DFOTA ran after the uplink, the firmware URCs in
 * order (protocol-notes §2.4), what happened to a data command sent while the module was protected
 * (seed §4.2, Table 1), and the final power-off verdict ({@code AT+CSCON?} idle and not protected).
 *
 * @param dfotaRan whether the module reported {@code +QLWEVTIND:5} or a firmware URC
 * @param firmware the firmware URCs in the order received
 * @param refusedWhileProtected the driver's answer to a business uplink tried during the DFOTA, or
 *     null when none was tried
 * @param powerOff the verdict of {@code awaitSafeToPowerOff}
 */
public record Outcome(
    boolean dfotaRan,
    List<FirmwareIndication> firmware,
    @Nullable String refusedWhileProtected,
    GuardVerdict powerOff) {

  /** Validates and copies. */
  public Outcome {
    firmware = List.copyOf(firmware);
    Objects.requireNonNull(powerOff, "powerOff");
  }
}
