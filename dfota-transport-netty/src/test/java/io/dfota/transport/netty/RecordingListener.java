package io.dfota.transport.netty;

import static org.junit.jupiter.api.Assertions.fail;

import io.dfota.at.AtTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that records events and bytes, with bounded waits for conditions. */
final class RecordingListener implements AtTransport.Listener {
  static final Duration WAIT = Duration.ofSeconds(20);

  /** One connection event. */
  record Event(boolean connected, String reason, boolean willReconnect) {}

  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuilder text = new StringBuilder();
  private long bytes;
  private final int keepChars;

  RecordingListener() {
    this(1 << 20);
  }

  RecordingListener(int keepChars) {
    this.keepChars = keepChars;
  }

  @Override
  public void onConnected() {
    events.add(new Event(true, "", false));
  }

  @Override
  public synchronized void onBytes(ByteBuffer chunk) {
    bytes += chunk.remaining();
    if (text.length() < keepChars) {
      text.append(StandardCharsets.ISO_8859_1.decode(chunk.duplicate()));
    }
    notifyAll();
  }

  @Override
  public void onDisconnected(String reason, boolean willReconnect) {
    events.add(new Event(false, reason, willReconnect));
  }

  /** Waits for the next event of the kind, skipping the others. */
  Event await(boolean connected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (true) {
        Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (e == null) {
          return fail("no " + (connected ? "connected" : "disconnected") + " event in " + WAIT);
        }
        if (e.connected() == connected) {
          return e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  Event awaitConnected() {
    return await(true);
  }

  Event awaitDisconnected() {
    return await(false);
  }

  synchronized String awaitText(String expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (text.indexOf(expected) < 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return fail("no \"" + expected + "\" in " + WAIT + "; got \"" + tail() + "\"");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return text.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  synchronized long awaitBytes(long count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (bytes < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return fail("only " + bytes + " of " + count + " bytes in " + WAIT);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return bytes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  synchronized String text() {
    return text.toString();
  }

  synchronized void clearText() {
    text.setLength(0);
  }

  private String tail() {
    return text.length() > 200 ? "..." + text.substring(text.length() - 200) : text.toString();
  }

  /** Returns the events recorded so far and not yet awaited. */
  java.util.List<Event> drain() {
    java.util.List<Event> out = new java.util.ArrayList<>();
    events.drainTo(out);
    return out;
  }
}
