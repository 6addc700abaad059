package io.dfota.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running command ({@code platform}, {@code emulate}) alive until Ctrl-C (a JVM
 * shutdown hook) or, when the command runs in-process, until its thread is interrupted; then the
 * command closes its resources before the hook lets the JVM exit.
 */
final class UntilStopped implements AutoCloseable {

  private static final long CLEANUP_WAIT_SECONDS = 10;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch cleaned = new CountDownLatch(1);
  private final Thread hook;

  UntilStopped() {
    hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                cleaned.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dfota-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Blocks until Ctrl-C or an interrupt. */
  void await() {
    try {
      stop.await();
    } catch (InterruptedException e) {
      // in-process stop: the caller cleans up and returns
    }
  }

  /** Called after the command cleaned up: lets the shutdown hook finish. */
  @Override
  public void close() {
    cleaned.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running
    }
  }
}
