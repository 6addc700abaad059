package io.dfota.lwm2m;

/**
 * The device's update hook, called after Update {@code /5/0/2} was executed and the UPDATING state
 * was notified (protocol-notes §3.2 T4). The emulator plugs in simulated reboots here. Runs on a
 * client worker thread; may take time.
 */
@FunctionalInterface
public interface FirmwareUpdater {

  /** Succeeds after a reboot, taking the package version as the new firmware version. */
  FirmwareUpdater REBOOT_AND_SUCCEED = (uri, store) -> new UpdateOutcome.Success(null, true);

  /**
   * Applies the stored package.
   *
   * @param uri the Package URI it came from
   * @param store the store holding it
   * @return the outcome
   */
  UpdateOutcome apply(String uri, PackageStore store);
}
