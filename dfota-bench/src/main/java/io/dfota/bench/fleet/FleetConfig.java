package io.dfota.bench.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * One configuration of the fleet benchmark (issue #9): N devices, a package of S KiB, the Block2
 * size the devices ask for, the per-cell concurrency cap on or off, how many cells the devices are
 * spread over, and the LwM2M server's protocol-stage threads.
 *
 * @param devices N, 1 to 10 000 (20 000 with the simulator)
 * @param sizeKib S, 1 to 4096
 * @param block the Block2 size, a power of two in 16..1024
 * @param cap true for the platform's default per-cell caps (50 devices per cell at coverage level
 *     0), false for no cap (10 000 per cell)
 * @param cells the number of cells the devices report, 1 to 10 000
 * @param serverThreads the server's Californium protocol-stage threads, 1 to 64
 * @param timeout how long one scenario may take
 * @param sim true for the devices as one {@code DeviceSimulator} (one thread; the baseline's
 *     devices too, with its bare Block2 fetch), false for one dfota-lwm2m {@code Lwm2mClient} per
 *     device (and one bare Californium endpoint per device in the baseline)
 */
record FleetConfig(
    int devices,
    int sizeKib,
    int block,
    boolean cap,
    int cells,
    int serverThreads,
    Duration timeout,
    boolean sim) {

  /** The configuration with one dfota-lwm2m client per device. */
  FleetConfig(
      int devices,
      int sizeKib,
      int block,
      boolean cap,
      int cells,
      int serverThreads,
      Duration timeout) {
    this(devices, sizeKib, block, cap, cells, serverThreads, timeout, false);
  }

  FleetConfig {
    Objects.requireNonNull(timeout, "timeout");
    check("devices", devices, 1, sim ? 20_000 : 10_000);
    check("sizeKib", sizeKib, 1, 4096);
    check("cells", cells, 1, 10_000);
    check("serverThreads", serverThreads, 1, 64);
    if (block < 16 || block > 1024 || Integer.bitCount(block) != 1) {
      throw new IllegalArgumentException(
          "block: " + block + " (expected: a power of two in 16..1024)");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + " to " + max + ")");
    }
  }

  /** Returns the package size in bytes. */
  int sizeBytes() {
    return sizeKib * 1024;
  }

  /** Returns the Block2 exchanges one device needs for the whole package. */
  int blocksPerDevice() {
    return (sizeBytes() + block - 1) / block;
  }

  /** Returns the same configuration with another device count. */
  FleetConfig withDevices(int n) {
    return new FleetConfig(n, sizeKib, block, cap, cells, serverThreads, timeout, sim);
  }
}
