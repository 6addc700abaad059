package io.dfota.lwm2m;

import java.util.Collection;
import java.util.Optional;

/**
 * The platform's registry of registered LwM2M devices: the state behind the Registration Interface
 * (protocol-notes §4.1). Entries expire when their lifetime runs out without an update.
 */
public interface DeviceRegistry {

  /**
   * Returns the registration of a device.
   *
   * @param endpoint the endpoint name
   * @return the registration, or empty when it is not registered
   */
  Optional<Registration> get(String endpoint);

  /**
   * Returns every current registration.
   *
   * @return a snapshot
   */
  Collection<Registration> all();

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  void addListener(Listener listener);

  /**
   * Receives registry events. Registration, update and uplink each mean the device is awake
   * (protocol-notes §4.2 step 1). Called on a CoAP or scheduler thread; must not block.
   */
  interface Listener {
    /**
     * A device registered (or re-registered, for example after its FOTA reboot).
     *
     * @param registration the new registration
     */
    default void onRegistered(Registration registration) {}

    /**
     * A device updated its registration.
     *
     * @param registration the updated registration
     */
    default void onUpdated(Registration registration) {}

    /**
     * A device de-registered, or its registration expired.
     *
     * @param registration the last registration
     * @param expired true when the lifetime ran out
     */
    default void onDeregistered(Registration registration, boolean expired) {}

    /**
     * A device sent uplink data as a notification on {@code /19/0/0}.
     *
     * @param registration the registration
     * @param data the payload (a copy)
     */
    default void onUplink(Registration registration, byte[] data) {}
  }
}
