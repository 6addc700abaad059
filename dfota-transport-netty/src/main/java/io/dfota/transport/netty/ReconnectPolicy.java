package io.dfota.transport.netty;

import java.time.Duration;
import java.util.Objects;

/**
 * How a transport comes back after its link went down (the TCP peer went away, the serial device
 * disappeared): capped exponential back-off with proportional jitter. Attempt {@code n} (from 0)
 * waits {@code min(maxDelay, initialDelay * multiplier^n)}, scaled by a random factor in {@code [1
 * - jitter, 1 + jitter]} and capped again at {@code maxDelay}, so that a fleet of MCUs behind one
 * serial server does not reconnect in lock step.
 *
 * @param initialDelay the first delay, positive
 * @param maxDelay the cap, at least {@code initialDelay}
 * @param multiplier the growth per attempt, at least 1
 * @param jitter the random spread, from 0 (none) to 1 (anything from 0 to twice the delay)
 */
public record ReconnectPolicy(
    Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

  /** The default: 1 s doubling up to 60 s, with 20 % jitter. */
  public static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.2);

  /** Validates the policy. */
  public ReconnectPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay: " + initialDelay + " (expected: positive)");
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay: " + maxDelay + " (expected: >= initialDelay " + initialDelay + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier: " + multiplier + " (expected: finite and >= 1)");
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0..1)");
    }
  }

  /**
   * Returns a policy doubling from {@code initialDelay} up to {@code maxDelay} with 20 % jitter.
   *
   * @param initialDelay the first delay
   * @param maxDelay the cap
   * @return the policy
   */
  public static ReconnectPolicy exponential(Duration initialDelay, Duration maxDelay) {
    return new ReconnectPolicy(initialDelay, maxDelay, 2.0, 0.2);
  }

  /**
   * Returns the delay before an attempt.
   *
   * @param attempt the number of attempts already failed since the link was last up, from 0
   * @param random a uniformly distributed number in {@code [0, 1)}
   * @return the delay, between zero and {@code maxDelay}
   */
  public Duration delay(int attempt, double random) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 0)");
    }
    if (!(random >= 0.0 && random < 1.0)) {
      throw new IllegalArgumentException("random: " + random + " (expected: [0, 1))");
    }
    double max = maxDelay.toNanos();
    double base = Math.min(max, initialDelay.toNanos() * Math.pow(multiplier, attempt));
    double jittered = base * (1.0 + jitter * (2.0 * random - 1.0));
    return Duration.ofNanos((long) Math.max(0.0, Math.min(max, jittered)));
  }
}
