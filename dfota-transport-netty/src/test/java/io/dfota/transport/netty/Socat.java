package io.dfota.transport.netty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A real pseudo-terminal pair made by {@code socat}, with links {@code a} and {@code b}. */
final class Socat implements AutoCloseable {
  private final Process process;
  final Path a;
  final Path b;

  private Socat(Process process, Path a, Path b) {
    this.process = process;
    this.a = a;
    this.b = b;
  }

  /** Returns why socat cannot be used here, or null when it can. */
  static @Nullable String missingReason() {
    try {
      Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "socat -V did not succeed";
      }
      return null;
    } catch (IOException e) {
      return "socat is not installed (" + e.getMessage() + "); .ci/run installs it";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Starts socat and waits until both links exist and data flows. */
  static Socat start(Path dir) throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Process p =
        new ProcessBuilder(
                "socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.contains("starting data transfer loop")) {
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                return false;
              }
            });
    boolean ok;
    try {
      ok = ready.get(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    if (!ok) {
      p.destroyForcibly();
      throw new IllegalStateException("socat ended before the data transfer loop started");
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discard socat's notices until it exits
                }
              } catch (IOException e) {
                // socat is gone
              }
            },
            "socat-drain");
    drain.setDaemon(true);
    drain.start();
    return new Socat(p, a, b);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
