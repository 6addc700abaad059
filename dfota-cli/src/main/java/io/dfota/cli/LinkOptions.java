package io.dfota.cli;

import io.dfota.core.DfotaException;
import io.dfota.lwm2m.LinkFaults;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * An emulated NB-IoT radio link for every module of {@code emulate} and {@code demo} (dfota-lwm2m
 * {@link LinkFaults}: loss, duplication, one-way latency, both directions; protocol-notes §6 P12).
 * Each module gets its own seed, derived from {@code --link-seed} and its index.
 */
final class LinkOptions {

  @Option(
      names = "--link-loss",
      defaultValue = "0",
      paramLabel = "P",
      description = "Probability that a CoAP datagram is lost, each way, 0 to 1 (default 0).")
  private double loss;

  @Option(
      names = "--link-duplicate",
      defaultValue = "0",
      paramLabel = "P",
      description = "Probability that a CoAP datagram arrives twice, 0 to 1 (default 0).")
  private double duplicate;

  @Option(
      names = "--link-delay",
      paramLabel = "MIN..MAX",
      description = "One-way latency added to each datagram, uniform in MIN..MAX (e.g. 1s..3s).")
  private String delay;

  @Option(
      names = "--link-seed",
      defaultValue = "1",
      paramLabel = "SEED",
      description = "Seed of the link faults, to repeat a run (default ${DEFAULT-VALUE}).")
  private long seed;

  /**
   * Returns the link of module {@code index}.
   *
   * @param index the module's index in the fleet
   * @return the faults, {@link LinkFaults#NONE} when no option was given
   * @throws CliException (usage) if a value is out of range
   */
  LinkFaults link(int index) {
    Duration min = Duration.ZERO;
    Duration max = Duration.ZERO;
    if (delay != null) {
      String[] parts = delay.split("\\.\\.", -1);
      if (parts.length > 2) {
        throw new CliException(
            Main.EXIT_USAGE, "--link-delay: " + delay + " (expected: MIN..MAX, e.g. 1s..3s)");
      }
      CoapTimingOptions.DurationConverter c = new CoapTimingOptions.DurationConverter();
      try {
        min = c.convert(parts[0]);
        max = parts.length == 2 ? c.convert(parts[1]) : min;
      } catch (RuntimeException e) {
        throw new CliException(Main.EXIT_USAGE, "--link-delay: " + e.getMessage());
      }
    }
    try {
      LinkFaults f =
          LinkFaults.builder()
              .drop(loss)
              .duplicate(duplicate)
              .delay(min, max)
              .seed(seed * 1_000_003L + index)
              .build();
      return f.isPerfect() ? LinkFaults.NONE : f;
    } catch (DfotaException e) {
      throw new CliException(Main.EXIT_USAGE, "--link-*: " + e.getMessage());
    }
  }
}
