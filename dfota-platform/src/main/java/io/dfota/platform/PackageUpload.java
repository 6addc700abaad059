package io.dfota.platform;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The "add firmware package" form of seed §2.3: the signed zip, uploaded as is, and the fields that
 * must equal a Profile exactly (protocol-notes §1.1).
 *
 * @param signedZip the {@code <name>_signed.zip}
 * @param version the version, for example {@code BC35GJBR01A04}
 * @param deviceType for example {@code WaterMeter}
 * @param manufacturer for example {@code Quectel}
 * @param model for example {@code NBIoTDevice}
 * @param protocol for example {@code CoAP}
 */
public record PackageUpload(
    Path signedZip,
    String version,
    String deviceType,
    String manufacturer,
    String model,
    String protocol) {

  /** Validates the fields. */
  public PackageUpload {
    Objects.requireNonNull(signedZip, "signedZip");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(deviceType, "deviceType");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(protocol, "protocol");
  }
}
