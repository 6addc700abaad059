package io.dfota.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running command ({@code platform}, {@code emulate}) started in-process on its own thread;
 * {@link #stop()} interrupts it as Ctrl-C would and returns its exit code. Tests wait for output
 * lines with {@link #awaitLine(Predicate)}.
 */
final class Running implements AutoCloseable {

  private static final long WAIT_SECONDS = 60;

  private final StringBuilder out = new StringBuilder();
  private final StringBuilder err = new StringBuilder();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Thread thread;

  private record Waiter(Predicate<String> test, CompletableFuture<String> line) {}

  Running(Map<String, String> env, String... args) {
    PrintWriter o = new PrintWriter(new LineWriter(out, true), true);
    PrintWriter e = new PrintWriter(new LineWriter(err, false), true);
    thread =
        new Thread(
            () -> {
              try {
                exit.complete(Main.run(o, e, env, args));
              } catch (RuntimeException | Error x) {
                exit.completeExceptionally(x);
              }
            },
            "dfota-" + args[0]);
    thread.start();
  }

  /** Waits for an output line that passes the test and returns it. */
  String awaitLine(Predicate<String> test) throws Exception {
    CompletableFuture<String> f = new CompletableFuture<>();
    synchronized (this) {
      for (String line : out.toString().split("\n", -1)) {
        if (test.test(line)) {
          return line;
        }
      }
      waiters.add(new Waiter(test, f));
    }
    CompletableFuture.anyOf(f, exit).get(WAIT_SECONDS, TimeUnit.SECONDS);
    if (!f.isDone()) {
      throw new AssertionError("the command ended before the line came:\n" + this);
    }
    return f.get();
  }

  /** Interrupts the command (its Ctrl-C) and returns its exit code. */
  int stop() throws Exception {
    thread.interrupt();
    return exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  synchronized String out() {
    return out.toString();
  }

  @Override
  public synchronized String toString() {
    return "--- out\n" + out + "--- err\n" + err;
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      exit.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).exceptionally(x -> -1).join();
    }
  }

  private final class LineWriter extends Writer {
    private final StringBuilder target;
    private final boolean notify;
    private final StringBuilder line = new StringBuilder();

    LineWriter(StringBuilder target, boolean notify) {
      this.target = target;
      this.notify = notify;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      synchronized (Running.this) {
        target.append(cbuf, off, len);
        if (!notify) {
          return;
        }
        for (int i = off; i < off + len; i++) {
          if (cbuf[i] == '\n') {
            String done = line.toString();
            line.setLength(0);
            for (Waiter w : waiters) {
              if (w.test().test(done)) {
                waiters.remove(w);
                w.line().complete(done);
              }
            }
          } else if (cbuf[i] != '\r') {
            line.append(cbuf[i]);
          }
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
