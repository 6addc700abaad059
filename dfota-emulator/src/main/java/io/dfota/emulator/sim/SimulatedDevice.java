package io.dfota.emulator.sim;

import io.dfota.core.FirmwareState;
import io.dfota.core.UpdateResult;
import io.dfota.emulator.Imei;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A snapshot of one simulated device: its LwM2M endpoint name (the IMEI), its own UDP port, whether
 * it is registered, its Object 5 State {@code /5/0/3} and Update Result {@code /5/0/5}, its Device
 * / Firmware Version {@code /3/0/3} and the bytes of the current package received so far.
 *
 * @param imei the endpoint name
 * @param address the device's bound UDP address
 * @param registered whether the server acknowledged its registration
 * @param state {@code /5/0/3}
 * @param result {@code /5/0/5}
 * @param firmwareVersion {@code /3/0/3}
 * @param downloadedBytes bytes of the current package received
 */
public record SimulatedDevice(
    Imei imei,
    InetSocketAddress address,
    boolean registered,
    FirmwareState state,
    UpdateResult result,
    String firmwareVersion,
    long downloadedBytes) {

  /** Validates the fields. */
  public SimulatedDevice {
    Objects.requireNonNull(imei, "imei");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(firmwareVersion, "firmwareVersion");
    if (downloadedBytes < 0) {
      throw new IllegalArgumentException(
          "downloadedBytes: " + downloadedBytes + " (expected: >= 0)");
    }
  }
}
