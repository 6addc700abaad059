package io.dfota.at;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link AtTransport}: one end of a connected pair, for tests, the emulator and
 * samples. Bytes written on one end arrive at the other end's listener, in order, on the writing
 * thread; a write made from inside a listener is queued and delivered after the current delivery
 * returns, so a scripted peer can answer from its callback without recursion.
 *
 * <p>Both ends start connected; {@link #disconnect(String)} drops the link for both ends, as a
 * pulled cable would.
 */
public final class InMemoryAtTransport implements AtTransport {

  /**
   * A connected pair of ends.
   *
   * @param mcu the end for the MCU side (the {@link AtSession})
   * @param module the end for the module side (a fake modem or the emulator)
   */
  public record Pair(InMemoryAtTransport mcu, InMemoryAtTransport module) {
    /** Validates the pair. */
    public Pair {
      Objects.requireNonNull(mcu, "mcu");
      Objects.requireNonNull(module, "module");
    }
  }

  /** The shared delivery queue of a pair. */
  private static final class Link {
    final ArrayDeque<Runnable> deliveries = new ArrayDeque<>();
    @Nullable Thread draining;
    boolean up = true;

    void deliver(Runnable r) {
      synchronized (this) {
        deliveries.add(r);
        if (draining != null) {
          return;
        }
        draining = Thread.currentThread();
      }
      while (true) {
        Runnable next;
        synchronized (this) {
          next = deliveries.poll();
          if (next == null) {
            draining = null;
            return;
          }
        }
        next.run();
      }
    }
  }

  private final Link link;
  private final String name;
  private @Nullable InMemoryAtTransport peer;
  private volatile @Nullable Listener listener;
  private final ArrayDeque<byte[]> early = new ArrayDeque<>();

  private InMemoryAtTransport(Link link, String name) {
    this.link = link;
    this.name = name;
  }

  /**
   * Creates a connected pair.
   *
   * @return the pair
   */
  public static Pair pair() {
    Link link = new Link();
    InMemoryAtTransport a = new InMemoryAtTransport(link, "mcu");
    InMemoryAtTransport b = new InMemoryAtTransport(link, "module");
    a.peer = b;
    b.peer = a;
    return new Pair(a, b);
  }

  @Override
  public void start(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (link) {
      if (this.listener != null) {
        throw new AtException("start: called twice on the " + name + " end (expected: once)");
      }
      this.listener = listener;
    }
    link.deliver(
        () -> {
          listener.onConnected();
          byte[] b;
          while ((b = pollEarly()) != null) {
            listener.onBytes(ByteBuffer.wrap(b).asReadOnlyBuffer());
          }
        });
  }

  private synchronized byte @Nullable [] pollEarly() {
    return early.poll();
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    InMemoryAtTransport to = Objects.requireNonNull(peer);
    synchronized (link) {
      if (!link.up) {
        return CompletableFuture.failedFuture(new AtException("write: link down (expected: up)"));
      }
    }
    link.deliver(() -> to.receive(copy));
    return CompletableFuture.completedFuture(null);
  }

  private void receive(byte[] bytes) {
    Listener l = listener;
    if (l == null) {
      synchronized (this) {
        early.add(bytes);
      }
      return;
    }
    l.onBytes(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
  }

  @Override
  public boolean isConnected() {
    synchronized (link) {
      return link.up;
    }
  }

  /**
   * Drops the link; both ends' listeners get {@link Listener#onDisconnected} with the reason.
   *
   * @param reason why
   */
  public void disconnect(String reason) {
    InMemoryAtTransport other = Objects.requireNonNull(peer);
    synchronized (link) {
      if (!link.up) {
        return;
      }
      link.up = false;
    }
    link.deliver(
        () -> {
          for (InMemoryAtTransport end : new InMemoryAtTransport[] {this, other}) {
            Listener l = end.listener;
            if (l != null) {
              l.onDisconnected(reason, false);
            }
          }
        });
  }

  @Override
  public void close() {
    disconnect("transport closed");
  }

  @Override
  public String toString() {
    return "InMemoryAtTransport[" + name + "]";
  }
}
