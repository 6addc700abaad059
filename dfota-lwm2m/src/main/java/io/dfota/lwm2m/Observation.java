package io.dfota.lwm2m;

import java.util.Objects;

/**
 * An observation the platform holds on a device resource (RFC 7641 {@code Observe:0}), for example
 * {@code /5/0/3} during a FOTA or {@code /19/0/0} for uplinks (protocol-notes §4.1, §4.2).
 *
 * @param endpoint the device
 * @param path the observed path
 * @param token the CoAP token, lower-case hex; notifications carry it, also after the device's
 *     reboot (P9)
 * @param initial the content of the response that established the observation
 */
public record Observation(String endpoint, String path, String token, Lwm2mContent initial) {
  /** Validates. */
  public Observation {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(initial, "initial");
  }
}
