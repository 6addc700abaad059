package io.dfota.core;

import io.dfota.core.internal.ExecutorScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The clock and timer source every dfota timer runs on: the 35-minute DFOTA watchdog, the 2-minute
 * listen window, the platform's stage timeouts and retry back-off. Production code uses {@link
 * #of(ScheduledExecutorService)}; tests use {@link VirtualScheduler} and run hours of protocol time
 * in milliseconds.
 */
public interface Scheduler {

  /**
   * Returns the current time of this scheduler.
   *
   * @return now
   */
  Instant now();

  /**
   * Runs a task once after a delay.
   *
   * @param delay the delay, zero or positive
   * @param task the task
   * @return a handle that cancels the task
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run yet; does nothing otherwise. */
    void cancel();
  }

  /**
   * Returns a scheduler on wall-clock time backed by an executor that the caller owns and shuts
   * down.
   *
   * @param executor the executor
   * @return a scheduler
   */
  static Scheduler of(ScheduledExecutorService executor) {
    return new ExecutorScheduler(executor);
  }
}
