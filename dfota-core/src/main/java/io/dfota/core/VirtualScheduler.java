package io.dfota.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A deterministic {@link Scheduler} on virtual time, for tests and simulations: time only moves
 * when {@link #advance(Duration)} or {@link #advanceTo(Instant)} is called, and due tasks run on
 * the calling thread in order of their due time (ties in order of scheduling).
 */
public final class VirtualScheduler implements Scheduler {

  private record Task(Instant due, long seq, Runnable action, boolean[] cancelled)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private Instant now;
  private long seq;

  /**
   * Creates a virtual scheduler starting at the given time.
   *
   * @param start the initial virtual time
   */
  public VirtualScheduler(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** Creates a virtual scheduler starting at 2018-11-30T00:00:00Z, the seed's date. */
  public VirtualScheduler() {
    this(Instant.parse("2018-11-30T00:00:00Z"));
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    if (delay.isNegative()) {
      throw new DfotaException("delay: " + delay + " (expected: >= 0)");
    }
    boolean[] cancelled = {false};
    queue.add(new Task(now.plus(delay), seq++, Objects.requireNonNull(task, "task"), cancelled));
    return () -> {
      synchronized (VirtualScheduler.this) {
        cancelled[0] = true;
      }
    };
  }

  /**
   * Moves virtual time forward, running every task that falls due, in order.
   *
   * @param duration how far to move, zero or positive
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new DfotaException("duration: " + duration + " (expected: >= 0)");
    }
    advanceTo(now().plus(duration));
  }

  /**
   * Moves virtual time to the given instant, running every task due up to and including it.
   *
   * @param target the new time, not before now
   */
  public void advanceTo(Instant target) {
    while (true) {
      Task next;
      synchronized (this) {
        if (target.isBefore(now)) {
          throw new DfotaException("target: " + target + " (expected: not before " + now + ")");
        }
        next = queue.peek();
        if (next == null || next.due().isAfter(target)) {
          now = target;
          return;
        }
        queue.poll();
        now = next.due();
        if (next.cancelled()[0]) {
          continue;
        }
      }
      next.action().run();
    }
  }

  /** Runs every task that is due now, without moving time. */
  public void runDue() {
    advanceTo(now());
  }

  /**
   * Returns the number of tasks waiting, cancelled ones included until their due time passes.
   *
   * @return the queue length
   */
  public synchronized int pending() {
    return queue.size();
  }

  /**
   * Returns a {@link Clock} that reads this scheduler's virtual time.
   *
   * @return a clock in UTC
   */
  public Clock clock() {
    VirtualScheduler self = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new DfotaException("zone: " + zone + " (expected: UTC, virtual clocks have no zone)");
      }

      @Override
      public Instant instant() {
        return self.now();
      }
    };
  }
}
