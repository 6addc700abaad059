package io.dfota.emulator.internal.sim;

import io.dfota.core.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The simulator thread's timers: a priority queue on {@link System#nanoTime()} deadlines with lazy
 * cancellation (a cancelled timer stays queued until its deadline and is then skipped). With an
 * injected {@link Scheduler} (virtual time in tests) the timers run on it instead and their actions
 * are handed to the simulator thread. Not thread-safe: used only on the simulator thread.
 */
final class TimerQueue {

  /** One scheduled action. */
  static final class Timer implements Comparable<Timer> {
    private final long deadline;
    private final long seq;
    private final Runnable action;
    private volatile boolean cancelled;
    private Scheduler.@Nullable Cancellable external;

    private Timer(long deadline, long seq, Runnable action) {
      this.deadline = deadline;
      this.seq = seq;
      this.action = action;
    }

    /** Cancels the timer; harmless if it already ran. */
    void cancel() {
      cancelled = true;
      Scheduler.Cancellable e = external;
      if (e != null) {
        e.cancel();
      }
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(deadline - o.deadline, 0);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private final @Nullable Scheduler scheduler;
  private final Consumer<Runnable> toSimulatorThread;
  private long seq;

  /**
   * Creates the queue.
   *
   * @param scheduler an external scheduler, or null for the queue on {@link System#nanoTime()}
   * @param toSimulatorThread hands an action to the simulator thread
   */
  TimerQueue(@Nullable Scheduler scheduler, Consumer<Runnable> toSimulatorThread) {
    this.scheduler = scheduler;
    this.toSimulatorThread = toSimulatorThread;
  }

  /**
   * Schedules an action.
   *
   * @param delayNanos the delay from now
   * @param action what to run on the simulator thread
   * @return the timer
   */
  Timer schedule(long delayNanos, Runnable action) {
    Timer t = new Timer(System.nanoTime() + Math.max(0, delayNanos), seq++, action);
    Scheduler s = scheduler;
    if (s != null) {
      t.external =
          s.schedule(
              Duration.ofNanos(Math.max(0, delayNanos)),
              () ->
                  toSimulatorThread.accept(
                      () -> {
                        if (!t.cancelled) {
                          t.action.run();
                        }
                      }));
      return t;
    }
    queue.add(t);
    return t;
  }

  /**
   * Runs every due timer.
   *
   * @param now the current {@link System#nanoTime()}
   * @return nanoseconds until the next timer, or -1 if none is queued
   */
  long runDue(long now) {
    while (true) {
      Timer t = queue.peek();
      if (t == null) {
        return -1;
      }
      if (t.cancelled) {
        queue.poll();
        continue;
      }
      long wait = t.deadline - now;
      if (wait > 0) {
        return wait;
      }
      queue.poll();
      t.action.run();
    }
  }

  int size() {
    return queue.size();
  }
}
