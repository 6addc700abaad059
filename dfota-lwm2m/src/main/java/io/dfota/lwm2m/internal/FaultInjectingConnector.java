package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.LinkFaults;
import io.dfota.lwm2m.LinkStats;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.jspecify.annotations.Nullable;

/**
 * A Californium {@link Connector} that passes every datagram through {@link LinkFaults}: dropped,
 * duplicated, held back behind the next datagram, delayed, and paced to a bit rate, in both
 * directions. Delays run on one daemon thread owned by the connector and stopped by {@link
 * #destroy()}.
 */
public final class FaultInjectingConnector implements Connector {

  /**
   * What the connector did so far.
   *
   * @param datagrams datagrams offered, both directions
   * @param dropped datagrams lost
   * @param duplicated datagrams delivered twice
   * @param reordered datagrams held back behind a later one
   */
  public record Stats(long datagrams, long dropped, long duplicated, long reordered) {}

  /** How long a datagram waits for a later one to overtake it before it leaves anyway. */
  private static final long HOLD_LIMIT_NANOS = 200_000_000L;

  private final Connector delegate;
  private final LinkFaults faults;
  private final SplittableRandom random;
  private final ScheduledExecutorService timer;
  private final AtomicLong datagrams = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong duplicated = new AtomicLong();
  private final AtomicLong reordered = new AtomicLong();
  private final Direction out = new Direction();
  private final Direction in = new Direction();

  /** Per-direction pacing and the datagram held back for reordering. */
  private static final class Direction {
    long busyUntilNanos;
    @Nullable Runnable held;
  }

  /**
   * Wraps a connector.
   *
   * @param delegate the real connector
   * @param faults the faults
   */
  public FaultInjectingConnector(Connector delegate, LinkFaults faults) {
    this.delegate = delegate;
    this.faults = faults;
    this.random = new SplittableRandom(faults.seed());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dfota-link-faults");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Returns what the connector did so far.
   *
   * @return the counters
   */
  public Stats stats() {
    return new Stats(datagrams.get(), dropped.get(), duplicated.get(), reordered.get());
  }

  /**
   * Returns what the connector did so far, as the public {@link LinkStats}.
   *
   * @return the counters
   */
  public LinkStats linkStats() {
    return new LinkStats(datagrams.get(), dropped.get(), duplicated.get(), reordered.get());
  }

  @Override
  public void start() throws IOException {
    delegate.start();
  }

  @Override
  public void stop() {
    delegate.stop();
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
    delegate.destroy();
  }

  @Override
  public void send(RawData msg) {
    apply(out, msg.getSize(), () -> delegate.send(msg), msg::onSent);
  }

  @Override
  public void setRawDataReceiver(RawDataChannel receiver) {
    delegate.setRawDataReceiver(
        msg -> apply(in, msg.getSize(), () -> receiver.receiveData(msg), () -> {}));
  }

  @Override
  public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
    delegate.setEndpointContextMatcher(matcher);
  }

  @Override
  public InetSocketAddress getAddress() {
    return delegate.getAddress();
  }

  @Override
  public String getProtocol() {
    return delegate.getProtocol();
  }

  @Override
  public boolean isRunning() {
    return delegate.isRunning();
  }

  @Override
  public void processDatagram(DatagramPacket datagram) {
    delegate.processDatagram(datagram);
  }

  @Override
  public String toString() {
    return "faulty(" + delegate + ")";
  }

  private void apply(Direction dir, int size, Runnable deliver, Runnable onLost) {
    datagrams.incrementAndGet();
    if (faults.isPerfect()) {
      deliver.run();
      return;
    }
    long delayNanos;
    boolean duplicate;
    Runnable release = null;
    synchronized (this) {
      if (chance(faults.dropRate())) {
        dropped.incrementAndGet();
        onLost.run();
        return;
      }
      duplicate = chance(faults.duplicateRate());
      long now = System.nanoTime();
      long latency = faults.minDelay().toNanos();
      long spread = faults.maxDelay().toNanos() - latency;
      if (spread > 0) {
        latency += random.nextLong(spread + 1);
      }
      long start = now;
      if (faults.bitsPerSecond() > 0) {
        long txNanos = size * 8L * 1_000_000_000L / faults.bitsPerSecond();
        start = Math.max(now, dir.busyUntilNanos);
        dir.busyUntilNanos = start + txNanos;
        start += txNanos;
      }
      delayNanos = start - now + latency;
      if (dir.held != null) {
        release = dir.held;
        dir.held = null;
      } else if (chance(faults.reorderRate())) {
        reordered.incrementAndGet();
        long d = delayNanos;
        Runnable held = () -> schedule(deliver, d);
        dir.held = held;
        // Held behind the next datagram; if none comes, it leaves late rather than never.
        schedule(() -> releaseIfStillHeld(dir, held), d + HOLD_LIMIT_NANOS);
        return;
      }
    }
    schedule(deliver, delayNanos);
    if (duplicate) {
      duplicated.incrementAndGet();
      schedule(deliver, delayNanos + 1_000_000L);
    }
    if (release != null) {
      release.run();
    }
  }

  private void releaseIfStillHeld(Direction dir, Runnable held) {
    synchronized (this) {
      if (dir.held != held) {
        return;
      }
      dir.held = null;
    }
    held.run();
  }

  private boolean chance(double rate) {
    return rate > 0 && random.nextDouble() < rate;
  }

  private void schedule(Runnable deliver, long delayNanos) {
    if (delayNanos <= 0) {
      deliver.run();
      return;
    }
    try {
      timer.schedule(deliver, delayNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // destroyed: the datagram is lost with the link
    }
  }
}
