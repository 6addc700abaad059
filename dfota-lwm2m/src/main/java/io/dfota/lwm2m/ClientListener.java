package io.dfota.lwm2m;

import io.dfota.core.Transition;

/**
 * Receives what the device role's LwM2M client does, so that a module emulator can print the
 * firmware URCs and {@code +QLWEVTIND:<n>} events (protocol-notes §2.3, §2.4). Every method has an
 * empty default. Called on CoAP or client worker threads; must not block.
 */
public interface ClientListener {

  /**
   * Registration completed ({@code +QLWEVTIND:0}).
   *
   * @param location the registration location path, for example {@code /rd/3f2a}
   */
  default void onRegistered(String location) {}

  /** Registration update completed ({@code +QLWEVTIND:2}). */
  default void onRegistrationUpdated() {}

  /** De-registration completed ({@code +QLWEVTIND:1}). */
  default void onDeregistered() {}

  /**
   * Registration or update failed (the clone's {@code +QLWEVTIND:8}).
   *
   * @param reason the CoAP code or transport failure
   */
  default void onRegistrationFailed(String reason) {}

  /** The platform observed {@code /19/0/0}: uplink data can flow ({@code +QLWEVTIND:3}). */
  default void onUplinkObserved() {}

  /** The {@code /19/0/0} observation was cancelled ({@code +QLWEVTIND:9}). */
  default void onUplinkObservationCancelled() {}

  /** The platform observed {@code /5/0/3}: FOTA is starting ({@code +QLWEVTIND:5}). */
  default void onFirmwareObserved() {}

  /**
   * The {@code /5/0/3} observation was cancelled: the platform ended the task ({@code FIRMWARE
   * UPDATE OVER}).
   */
  default void onFirmwareObservationCancelled() {}

  /**
   * The platform wrote a Package URI ({@code +QLWEVTIND:6} in manual mode).
   *
   * @param uri the URI
   */
  default void onPackageUriReceived(String uri) {}

  /**
   * The Object 5 machine changed state (each maps to one firmware URC, protocol-notes §2.4).
   *
   * @param transition the accepted transition
   */
  default void onFirmwareTransition(Transition.Accepted transition) {}

  /**
   * The platform wrote downlink data to {@code /19/1/0} ({@code +NNMI}).
   *
   * @param data the payload (a copy)
   */
  default void onDownlink(byte[] data) {}

  /** The device rebooted (simulated), before it re-registers. */
  default void onRebooted() {}
}
