package io.dfota.emulator;

import io.dfota.at.AtTransport;
import io.dfota.at.ModuleCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A scripted MCU on the other end of an AT link: records every byte the module prints, sends raw
 * command lines, and waits (on wall-clock time, bounded) until given text has been printed.
 */
final class ScriptedMcu implements AtTransport.Listener {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final AtTransport link;
  private final StringBuilder received = new StringBuilder();

  ScriptedMcu(AtTransport link) {
    this.link = link;
    link.start(this);
  }

  @Override
  public void onConnected() {}

  @Override
  public synchronized void onBytes(ByteBuffer bytes) {
    byte[] b = new byte[bytes.remaining()];
    bytes.get(b);
    received.append(new String(b, StandardCharsets.ISO_8859_1));
    notifyAll();
  }

  @Override
  public void onDisconnected(String reason, boolean willReconnect) {}

  /** Sends one command line (CR appended). */
  void send(String line) {
    link.write(ByteBuffer.wrap(ModuleCodec.bytes(line + "\r"))).join();
  }

  /** Sends raw bytes as they are (no CR appended). */
  void sendRaw(byte[] bytes) {
    link.write(ByteBuffer.wrap(bytes.clone())).join();
  }

  /** Returns everything printed so far. */
  synchronized String transcript() {
    return received.toString();
  }

  /** Returns the current length, to take the transcript from a point on. */
  synchronized int mark() {
    return received.length();
  }

  /** Returns what was printed since a mark. */
  synchronized String since(int mark) {
    return received.substring(mark);
  }

  /** Waits until the text printed after the mark contains the given line (framed). */
  synchronized int awaitLine(int from, String line) throws InterruptedException {
    String framed = ModuleCodec.frame(line);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      int at = received.indexOf(framed, from);
      if (at >= 0) {
        return at + framed.length();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "module did not print " + line + " within " + WAIT + "; printed: " + since(from));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Sends a command and waits for its final line; returns the framed answer. */
  String command(String line, String finalLine) throws InterruptedException {
    int m = mark();
    send(line);
    int end = awaitLine(m, finalLine);
    synchronized (this) {
      return received.substring(m, end);
    }
  }
}
