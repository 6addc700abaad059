package io.dfota.platform;

import java.util.Objects;
import java.util.UUID;

/**
 * A device as the platform's device list shows it (seed §2.4, Figure 16): the platform's device id
 * (a UUID) and the device name, which is the module's IMEI and its LwM2M endpoint name.
 *
 * @param id the device id
 * @param imei the device name (15 digits on Quectel modules)
 */
public record Device(UUID id, String imei) {

  /** Validates the fields. */
  public Device {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(imei, "imei");
    if (imei.isEmpty() || imei.length() > 64) {
      throw new PlatformException("imei: '" + imei + "' (expected: 1 to 64 characters)");
    }
  }
}
