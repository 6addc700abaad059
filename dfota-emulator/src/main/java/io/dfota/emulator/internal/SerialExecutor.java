package io.dfota.emulator.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a (possibly shared) executor: one per emulated
 * module, so that many modules share a few threads and each module's output keeps its order.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor base;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor base) {
    this.base = base;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      base.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        running = false;
        tasks.clear();
      }
      LOG.debug("serial executor: base executor shut down");
    }
  }

  private void drain() {
    while (true) {
      @Nullable Runnable next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.warn("emulator task failed", e);
      }
    }
  }
}
