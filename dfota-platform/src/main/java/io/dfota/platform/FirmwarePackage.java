package io.dfota.platform;

import java.time.Instant;
import java.util.Objects;

/**
 * A firmware package stored on the platform (seed §2.3 "firmware package management",
 * protocol-notes §4.5): the five fields that identify it, which equal a Profile's exactly, and the
 * inner {@code .bin} the platform unpacked from the signed zip (the "firmware name" of the task
 * details).
 *
 * @param id the package id, 24 lower-case hex characters
 * @param version the version the module reports in {@code /3/0/3} after the upgrade
 * @param deviceType the Profile's device type
 * @param manufacturer the Profile's manufacturer name
 * @param model the Profile's model
 * @param protocol the Profile's protocol type
 * @param binName the inner {@code .bin} name, for example {@code
 *     BC35GJBR01A03_TO_BC35GJBR01A04.bin}
 * @param size the {@code .bin} size in bytes
 * @param sha256Hex the {@code .bin} SHA-256, lower-case hex
 * @param keyId the id of the manufacturer key that verified the signature
 * @param uploaded the upload time
 */
public record FirmwarePackage(
    String id,
    String version,
    String deviceType,
    String manufacturer,
    String model,
    String protocol,
    String binName,
    long size,
    String sha256Hex,
    String keyId,
    Instant uploaded) {

  /** Validates the fields. */
  public FirmwarePackage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(deviceType, "deviceType");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(binName, "binName");
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(uploaded, "uploaded");
    if (size < 0) {
      throw new PlatformException("size: " + size + " (expected: >= 0)");
    }
  }
}
