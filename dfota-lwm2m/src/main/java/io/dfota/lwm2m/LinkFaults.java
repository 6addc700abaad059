package io.dfota.lwm2m;

import io.dfota.core.DfotaException;
import io.dfota.lwm2m.internal.FaultInjectingConnector;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.californium.elements.Connector;

/**
 * The faults of an emulated NB-IoT link, applied to every datagram a Californium {@link Connector}
 * sends and receives: loss, duplication, reordering, latency and a bandwidth limit, from a seeded
 * random source so that a failing run can be repeated (protocol-notes §6 P12; 1–8 s round trips and
 * about 20 kbit/s downlink on a real NB-IoT cell).
 *
 * @param dropRate probability that a datagram is lost, 0 to 1
 * @param duplicateRate probability that a datagram is delivered twice, 0 to 1
 * @param reorderRate probability that a datagram is held back behind the next one, 0 to 1
 * @param minDelay the smallest one-way latency added
 * @param maxDelay the largest one-way latency added (uniform between the two)
 * @param bitsPerSecond the link rate each direction, or 0 for unlimited
 * @param seed the random seed
 */
public record LinkFaults(
    double dropRate,
    double duplicateRate,
    double reorderRate,
    Duration minDelay,
    Duration maxDelay,
    long bitsPerSecond,
    long seed) {

  /** A perfect link. */
  public static final LinkFaults NONE = new LinkFaults(0, 0, 0, Duration.ZERO, Duration.ZERO, 0, 1);

  /** Validates the settings. */
  public LinkFaults {
    rate("dropRate", dropRate);
    rate("duplicateRate", duplicateRate);
    rate("reorderRate", reorderRate);
    Objects.requireNonNull(minDelay, "minDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
      throw new DfotaException(
          "delay: " + minDelay + ".." + maxDelay + " (expected: 0 <= minDelay <= maxDelay)");
    }
    if (bitsPerSecond < 0) {
      throw new DfotaException("bitsPerSecond: " + bitsPerSecond + " (expected: >= 0)");
    }
  }

  /**
   * Returns whether this link changes anything.
   *
   * @return false for a perfect link
   */
  public boolean isPerfect() {
    return dropRate == 0
        && duplicateRate == 0
        && reorderRate == 0
        && maxDelay.isZero()
        && bitsPerSecond == 0;
  }

  /**
   * Wraps a connector so that its traffic, both ways, suffers these faults.
   *
   * @param delegate the real connector
   * @return the faulty connector; {@link FaultInjectingConnector#stats()} counts what it did
   */
  public FaultInjectingConnector wrap(Connector delegate) {
    return new FaultInjectingConnector(delegate, this);
  }

  /**
   * Returns a builder starting from a perfect link.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static void rate(String name, double r) {
    if (!(r >= 0 && r <= 1)) {
      throw new DfotaException(name + ": " + r + " (expected: 0..1)");
    }
  }

  /** Builds {@link LinkFaults}. */
  public static final class Builder {
    private double drop;
    private double duplicate;
    private double reorder;
    private Duration minDelay = Duration.ZERO;
    private Duration maxDelay = Duration.ZERO;
    private long bps;
    private long seed = 1;

    private Builder() {}

    /**
     * Sets the loss probability.
     *
     * @param rate 0 to 1
     * @return this builder
     */
    public Builder drop(double rate) {
      this.drop = rate;
      return this;
    }

    /**
     * Sets the duplication probability.
     *
     * @param rate 0 to 1
     * @return this builder
     */
    public Builder duplicate(double rate) {
      this.duplicate = rate;
      return this;
    }

    /**
     * Sets the reordering probability.
     *
     * @param rate 0 to 1
     * @return this builder
     */
    public Builder reorder(double rate) {
      this.reorder = rate;
      return this;
    }

    /**
     * Sets the one-way latency range.
     *
     * @param min the smallest delay
     * @param max the largest delay
     * @return this builder
     */
    public Builder delay(Duration min, Duration max) {
      this.minDelay = min;
      this.maxDelay = max;
      return this;
    }

    /**
     * Sets the link rate.
     *
     * @param bitsPerSecond bits per second each way, 0 for unlimited
     * @return this builder
     */
    public Builder rate(long bitsPerSecond) {
      this.bps = bitsPerSecond;
      return this;
    }

    /**
     * Sets the random seed.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public LinkFaults build() {
      return new LinkFaults(drop, duplicate, reorder, minDelay, maxDelay, bps, seed);
    }
  }
}
