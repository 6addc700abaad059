package io.dfota.platform;

import java.util.List;
import java.util.Objects;

/**
 * A named set of devices that a task can target (seed §2.4, "DFOTA" group; protocol-notes §4.5).
 *
 * @param name the group name
 * @param devices the bound devices, in binding order
 */
public record DeviceGroup(String name, List<Device> devices) {

  /** The most devices one group may hold. */
  public static final int MAX_DEVICES = 100_000;

  /** Validates and copies the fields. */
  public DeviceGroup {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 64) {
      throw new PlatformException("name: '" + name + "' (expected: 1 to 64 characters)");
    }
    devices = List.copyOf(devices);
    if (devices.size() > MAX_DEVICES) {
      throw new PlatformException(
          "devices: " + devices.size() + " (expected: at most " + MAX_DEVICES + ")");
    }
  }
}
