package io.dfota.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * A task's retry strategy (seed §2.4, protocol-notes §4.5–4.6): "no" retry, or "custom" with a
 * retry count of 1 to 5 and an optional interval before each retry. Only failed devices are
 * retried.
 *
 * @param retries the number of retries after the first attempt, 0 for none or 1 to 5
 * @param interval the wait before a retry, {@link Duration#ZERO} for none
 */
public record RetryPolicy(int retries, Duration interval) {

  /** The largest retry count the platform accepts. */
  public static final int MAX_RETRIES = 5;

  /** Validates the fields. */
  public RetryPolicy {
    Objects.requireNonNull(interval, "interval");
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new PlatformException("retries: " + retries + " (expected: 0 to " + MAX_RETRIES + ")");
    }
    if (interval.isNegative()) {
      throw new PlatformException("interval: " + interval + " (expected: >= 0)");
    }
  }

  /**
   * Returns the "no retry" strategy.
   *
   * @return a policy with no retries
   */
  public static RetryPolicy none() {
    return new RetryPolicy(0, Duration.ZERO);
  }

  /**
   * Returns the "custom" strategy.
   *
   * @param retries 1 to 5
   * @param interval the wait before each retry, zero for none
   * @return the policy
   */
  public static RetryPolicy custom(int retries, Duration interval) {
    if (retries < 1) {
      throw new PlatformException("retries: " + retries + " (expected: 1 to " + MAX_RETRIES + ")");
    }
    return new RetryPolicy(retries, interval);
  }

  /**
   * Returns whether this is the "custom" strategy.
   *
   * @return true when retries are configured
   */
  public boolean custom() {
    return retries > 0;
  }
}
