package io.dfota.platform.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time in submission order, on the thread that submits when nobody else is
 * running (a trampoline): with a virtual scheduler and synchronous fakes everything stays on the
 * test thread and is deterministic; with real transports, callbacks from several threads are
 * serialised without a dedicated thread.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private @Nullable Thread owner;

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (owner != null) {
        return;
      }
      owner = Thread.currentThread();
    }
    drain();
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          owner = null;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.error("campaign engine task failed", e);
      }
    }
  }

  /**
   * Runs a computation in the serial order and waits for its value; inline when called from a task
   * of this executor.
   */
  <T> T call(Supplier<T> work) {
    synchronized (this) {
      if (owner == Thread.currentThread()) {
        return work.get();
      }
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    execute(
        () -> {
          try {
            result.complete(work.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }
}
