package io.dfota.lwm2m;

import io.dfota.core.FirmwareIndication;
import io.dfota.core.Transition;
import java.util.Optional;

/**
 * Maps the device role's Object 5 transitions to the firmware URC a BC35-G / BC28 / BC95 module
 * prints for them (protocol-notes §1.3, §2.4), so that an emulator can print them from {@link
 * ClientListener#onFirmwareTransition}. {@code FIRMWARE UPDATE OVER} has no transition: it follows
 * {@link ClientListener#onFirmwareObservationCancelled()}.
 */
public final class FirmwareIndications {
  private FirmwareIndications() {}

  /**
   * Returns the URC for a transition.
   *
   * @param transition an accepted transition of the Object 5 machine
   * @return T1 DOWNLOADING, T2 DOWNLOADED, T3 DOWNLOAD FAILED, T4 UPDATING, T5 UPDATE SUCCESS, T6
   *     and T7 UPDATE FAILED; empty for resets, cancels, deferrals and reboots (T8 to T11)
   */
  public static Optional<FirmwareIndication> forTransition(Transition.Accepted transition) {
    return switch (transition.rule()) {
      case "T1" -> Optional.of(FirmwareIndication.DOWNLOADING);
      case "T2" -> Optional.of(FirmwareIndication.DOWNLOADED);
      case "T3" -> Optional.of(FirmwareIndication.DOWNLOAD_FAILED);
      case "T4" -> Optional.of(FirmwareIndication.UPDATING);
      case "T5" -> Optional.of(FirmwareIndication.UPDATE_SUCCESS);
      case "T6", "T7" -> Optional.of(FirmwareIndication.UPDATE_FAILED);
      default -> Optional.empty();
    };
  }
}
