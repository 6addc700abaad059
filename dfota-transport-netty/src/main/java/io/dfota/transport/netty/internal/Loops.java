package io.dfota.transport.netty.internal;

import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a close task on a channel's event loop. */
final class Loops {
  private static final Logger LOG = LoggerFactory.getLogger(Loops.class);
  private static final long WAIT_SECONDS = 10;

  private Loops() {}

  /**
   * Runs the task on the loop: at once when already on it; otherwise submits it and, unless the
   * caller is itself an event-loop thread (which must never block), waits for it (bounded). When
   * the loop no longer accepts tasks (its group is shut down), runs the task on the caller.
   */
  static void runAndWait(EventLoop loop, Runnable task, String tag) {
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      io.netty.util.concurrent.Future<?> f = loop.submit(task);
      if (ThreadExecutorMap.currentExecutor() != null) {
        return;
      }
      if (!f.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("{}: close did not finish within {} s", tag, WAIT_SECONDS);
      }
    } catch (RejectedExecutionException e) {
      task.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
