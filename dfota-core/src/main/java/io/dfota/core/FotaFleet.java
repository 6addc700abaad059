package io.dfota.core;

import java.util.Optional;

/**
 * The devices a platform can reach for FOTA, and the package server they download from: what the
 * campaign engine (dfota-platform) needs from the LwM2M server (dfota-lwm2m), with no transport in
 * sight (DESIGN.md, "Platform role").
 */
public interface FotaFleet {

  /**
   * Returns the FOTA operations of a registered device.
   *
   * @param endpoint the LwM2M endpoint name (IMEI)
   * @return the target, or empty when the device is not registered now
   */
  Optional<FotaTarget> target(String endpoint);

  /**
   * Adds a listener for devices waking up (registration, registration update, uplink on {@code
   * /19/0/0}).
   *
   * @param listener the listener
   */
  void addListener(FleetListener listener);

  /**
   * Publishes a package under a stable, opaque CoAP URI of at most 255 characters, served with
   * Block2 on the endpoint the devices registered to. Publishing the same id again returns the same
   * URI.
   *
   * @param content the package bytes and identity
   * @return the Package URI to write to {@code /5/0/1}
   */
  String publish(PackageContent content);

  /**
   * Lets a device download a published package (only devices with an active task may download).
   *
   * @param endpoint the device
   * @param packageId the package id given to {@link #publish}
   */
  void allowDownload(String endpoint, String packageId);

  /**
   * Withdraws a device's permission to download a package.
   *
   * @param endpoint the device
   * @param packageId the package id
   */
  void revokeDownload(String endpoint, String packageId);

  /** Receives device wake-ups: the moments the platform may start or continue a FOTA. */
  interface FleetListener {
    /**
     * Called when a device is seen online.
     *
     * @param endpoint the endpoint name
     * @param reason why it is considered awake
     */
    void onAwake(String endpoint, AwakeReason reason);

    /**
     * Called when a device de-registered or its registration expired.
     *
     * @param endpoint the endpoint name
     */
    default void onGone(String endpoint) {}
  }

  /** Why a device is considered awake (protocol-notes §4.2 step 1). */
  enum AwakeReason {
    /** It registered ({@code POST /rd}). */
    REGISTERED,
    /** It updated its registration. */
    REGISTRATION_UPDATED,
    /** It sent uplink data on {@code /19/0/0}. */
    UPLINK
  }
}
