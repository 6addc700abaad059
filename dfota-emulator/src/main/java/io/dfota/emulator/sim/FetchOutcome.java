package io.dfota.emulator.sim;

import io.dfota.emulator.Imei;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one simulated device's bare Block2 fetch ({@link DeviceSimulator#fetch}, RFC 7959
 * block-wise GET of one URI from a plain CoAP server, no LwM2M).
 *
 * @param imei the device
 * @param bytes the payload bytes received
 * @param complete true when the last block (M = 0) arrived with a 2.05
 * @param elapsed from the first GET to the last response or the failure
 */
public record FetchOutcome(Imei imei, long bytes, boolean complete, Duration elapsed) {

  /** Validates the outcome. */
  public FetchOutcome {
    Objects.requireNonNull(imei, "imei");
    Objects.requireNonNull(elapsed, "elapsed");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
  }
}
