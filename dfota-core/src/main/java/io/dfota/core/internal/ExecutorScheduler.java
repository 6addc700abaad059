package io.dfota.core.internal;

import io.dfota.core.DfotaException;
import io.dfota.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} on wall-clock time over a {@link ScheduledExecutorService}. */
public final class ExecutorScheduler implements Scheduler {
  private final ScheduledExecutorService executor;

  /**
   * Creates the scheduler.
   *
   * @param executor the executor, owned by the caller
   */
  public ExecutorScheduler(ScheduledExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (delay.isNegative()) {
      throw new DfotaException("delay: " + delay + " (expected: >= 0)");
    }
    ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }
}
