package io.dfota.emulator.internal.sim;

import java.util.PriorityQueue;

/**
 * The simulator thread's timers: a priority queue on {@link System#nanoTime()} deadlines with lazy
 * cancellation (a cancelled timer stays queued until its deadline and is then skipped). Not
 * thread-safe: used only on the simulator thread.
 */
final class TimerQueue {

  /** One scheduled action. */
  static final class Timer implements Comparable<Timer> {
    private final long deadline;
    private final long seq;
    private final Runnable action;
    private boolean cancelled;

    private Timer(long deadline, long seq, Runnable action) {
      this.deadline = deadline;
      this.seq = seq;
      this.action = action;
    }

    /** Cancels the timer; harmless if it already ran. */
    void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(deadline - o.deadline, 0);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Timer> queue = new PriorityQueue<>();
  private long seq;

  /**
   * Schedules an action.
   *
   * @param delayNanos the delay from now
   * @param action what to run on the simulator thread
   * @return the timer
   */
  Timer schedule(long delayNanos, Runnable action) {
    Timer t = new Timer(System.nanoTime() + Math.max(0, delayNanos), seq++, action);
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
