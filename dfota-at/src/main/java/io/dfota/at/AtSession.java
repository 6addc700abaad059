package io.dfota.at;

import io.dfota.core.Scheduler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCU side of the AT interface (protocol-notes §2.1, P1): one command in flight at a time;
 * lines the command claims until its final result ({@code OK}, {@code ERROR}, {@code +CME
 * ERROR:<n>}) form its response; every other line is a {@link Urc} for the listeners.
 *
 * <ul>
 *   <li>Commands queue (bounded) and are written one after the other; each has its own timeout on
 *       the injected {@link Scheduler}.
 *   <li>A reboot banner ({@code REBOOT_CAUSE_*}, {@code Neul}) completes the in-flight command with
 *       {@link AtResponse.ModuleRestarted}; the banner's {@code OK} is reported as {@link
 *       Urc.BootOk} and is never taken as a command's answer. Queued commands wait until the banner
 *       ends.
 *   <li>A disconnect completes the in-flight and queued commands with {@link
 *       AtResponse.TransportClosed}.
 *   <li>Echoed command lines (lines starting with {@code AT}) are ignored.
 * </ul>
 *
 * <p>Thread-safe. Futures complete and listeners run outside the session's lock, on the transport's
 * thread (responses, URCs) or the scheduler's (timeouts).
 */
public final class AtSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AtSession.class);
  private static final Logger WIRE = LoggerFactory.getLogger("io.dfota.at.wire");

  /** The most informational lines one response may have. */
  public static final int MAX_RESPONSE_LINES = 64;

  private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "ERROR".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CME = "+CME ERROR:".getBytes(StandardCharsets.US_ASCII);

  /** Receives URCs and link events, on the transport's thread. */
  public interface Listener {
    /**
     * An unsolicited result code.
     *
     * @param urc the URC
     */
    void onUrc(Urc urc);

    /** The {@code > } data prompt arrived. */
    default void onPrompt() {}

    /**
     * The framer dropped an overlong line.
     *
     * @param error the framer's error
     */
    default void onFramingError(AtException error) {}

    /** The transport connected. */
    default void onConnected() {}

    /**
     * The transport disconnected.
     *
     * @param reason why
     * @param willReconnect whether it comes back on its own
     */
    default void onDisconnected(String reason, boolean willReconnect) {}
  }

  private static final class Pending<R> {
    final AtCommand<R> command;
    final CompletableFuture<AtResponse<R>> future = new CompletableFuture<>();
    final List<String> lines = new ArrayList<>();
    Scheduler.@Nullable Cancellable timer;

    Pending(AtCommand<R> command) {
      this.command = command;
    }

    Runnable complete(AtResponse<R> response) {
      if (timer != null) {
        timer.cancel();
      }
      return () -> future.complete(response);
    }

    Runnable completeOk() {
      AtResponse<R> r;
      try {
        r = new AtResponse.Ok<>(command.parseResponse(lines), lines);
      } catch (AtException | IllegalArgumentException e) {
        r = new AtResponse.Malformed<>(String.valueOf(e.getMessage()), lines);
      }
      return complete(r);
    }
  }

  private final AtTransport transport;
  private final Scheduler scheduler;
  private final int maxQueued;
  private final Duration bannerTimeout;
  private final AtFramer framer;
  private final List<Listener> listeners;

  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private @Nullable Pending<?> inFlight;
  private boolean banner;
  private long bannerGeneration;
  private boolean closed;

  private AtSession(Builder b) {
    this.transport = Objects.requireNonNull(b.transport);
    this.scheduler = Objects.requireNonNull(b.scheduler);
    this.maxQueued = b.maxQueued;
    this.bannerTimeout = b.bannerTimeout;
    this.framer = AtFramer.create(b.maxLineLength);
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
  }

  /**
   * Returns a builder; the transport and the scheduler are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Queues a command; it is written when the commands before it have completed.
   *
   * @param command the command
   * @param <R> its value type
   * @return completes with the outcome; never completes exceptionally
   */
  public <R> CompletableFuture<AtResponse<R>> send(AtCommand<R> command) {
    Objects.requireNonNull(command, "command");
    Pending<R> p = new Pending<>(command);
    List<Runnable> effects = new ArrayList<>(2);
    synchronized (this) {
      if (closed) {
        effects.add(p.complete(new AtResponse.TransportClosed<>("session closed")));
      } else if (queue.size() >= maxQueued) {
        effects.add(
            p.complete(
                new AtResponse.Refused<>(
                    "command queue full: " + queue.size() + " (expected: < " + maxQueued + ")")));
      } else {
        queue.add(p);
        startNextLocked(effects);
      }
    }
    run(effects);
    return p.future;
  }

  /**
   * Returns whether a command is in flight or queued.
   *
   * @return true when busy
   */
  public synchronized boolean isBusy() {
    return inFlight != null || !queue.isEmpty();
  }

  /**
   * Returns the transport.
   *
   * @return the transport
   */
  public AtTransport transport() {
    return transport;
  }

  /** Closes the transport and completes every command with "session closed". */
  @Override
  public void close() {
    List<Runnable> effects = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      failAllLocked("session closed", effects);
    }
    run(effects);
    transport.close();
  }

  private void start() {
    transport.start(
        new AtTransport.Listener() {
          @Override
          public void onConnected() {
            for (Listener l : listeners) {
              l.onConnected();
            }
          }

          @Override
          public void onBytes(ByteBuffer bytes) {
            framer.feed(bytes, sink);
          }

          @Override
          public void onDisconnected(String reason, boolean willReconnect) {
            framer.reset();
            List<Runnable> effects = new ArrayList<>();
            synchronized (AtSession.this) {
              failAllLocked(reason, effects);
              banner = false;
            }
            run(effects);
            for (Listener l : listeners) {
              l.onDisconnected(reason, willReconnect);
            }
          }
        });
  }

  private final AtFramer.Sink sink =
      new AtFramer.Sink() {
        @Override
        public void onLine(byte[] buffer, int offset, int length) {
          handleLine(buffer, offset, length);
        }

        @Override
        public void onPrompt() {
          for (Listener l : listeners) {
            l.onPrompt();
          }
        }

        @Override
        public void onError(AtException error) {
          LOG.debug("framing error: {}", error.getMessage());
          for (Listener l : listeners) {
            l.onFramingError(error);
          }
        }
      };

  private void handleLine(byte[] b, int off, int len) {
    if (WIRE.isTraceEnabled()) {
      WIRE.trace("<< {}", Qsetpsk.redact(new String(b, off, len, StandardCharsets.ISO_8859_1)));
    }
    if (len >= 2 && (b[off] == 'A' || b[off] == 'a') && (b[off + 1] == 'T' || b[off + 1] == 't')) {
      return; // echo
    }
    List<Runnable> effects = new ArrayList<>(2);
    @Nullable Urc urc = null;
    synchronized (this) {
      Pending<?> p = inFlight;
      if (same(b, off, len, OK)) {
        if (banner || p == null) {
          endBannerLocked(effects);
          urc = Urc.BootOk.INSTANCE;
        } else {
          finishLocked(p.completeOk(), effects);
        }
      } else if (same(b, off, len, ERROR) && p != null && !banner) {
        finishLocked(p.complete(new AtResponse.Error<>()), effects);
      } else if (startsWith(b, off, len, CME)
          && p != null
          && !banner
          && AtLine.cme(b, off, len) >= 0) {
        finishLocked(p.complete(new AtResponse.CmeError<>(AtLine.cme(b, off, len))), effects);
      } else {
        String text = null;
        if (p != null && !banner) {
          text = new String(b, off, len, StandardCharsets.ISO_8859_1);
          if (p.command.isResponseLine(text)) {
            p.lines.add(text);
            if (p.lines.size() > MAX_RESPONSE_LINES) {
              finishLocked(
                  p.complete(
                      new AtResponse.Malformed<>(
                          "response lines: more than "
                              + MAX_RESPONSE_LINES
                              + " (expected: <= "
                              + MAX_RESPONSE_LINES
                              + ")",
                          p.lines)),
                  effects);
            }
            return;
          }
        }
        urc = Urc.decode(b, off, len);
        if (urc instanceof Urc.RebootCause || urc instanceof Urc.Neul) {
          String cause = urc instanceof Urc.RebootCause rc ? rc.cause() : "UNKNOWN";
          startBannerLocked();
          if (p != null) {
            inFlight = null;
            effects.add(p.complete(new AtResponse.ModuleRestarted<>(cause)));
          }
        }
      }
    }
    run(effects);
    if (urc != null) {
      for (Listener l : listeners) {
        try {
          l.onUrc(urc);
        } catch (RuntimeException e) {
          LOG.warn("URC listener failed on {}", urc, e);
        }
      }
    }
  }

  private void finishLocked(Runnable completion, List<Runnable> effects) {
    inFlight = null;
    effects.add(completion);
    startNextLocked(effects);
  }

  private void startBannerLocked() {
    banner = true;
    long generation = ++bannerGeneration;
    scheduler.schedule(
        bannerTimeout,
        () -> {
          List<Runnable> effects = new ArrayList<>(1);
          synchronized (this) {
            if (banner && generation == bannerGeneration) {
              LOG.debug("boot banner without OK; resuming commands");
              endBannerLocked(effects);
            }
          }
          run(effects);
        });
  }

  private void endBannerLocked(List<Runnable> effects) {
    if (banner) {
      banner = false;
      bannerGeneration++;
      startNextLocked(effects);
    }
  }

  private void startNextLocked(List<Runnable> effects) {
    if (inFlight != null || banner || closed || queue.isEmpty()) {
      return;
    }
    Pending<?> p = queue.poll();
    inFlight = p;
    arm(p);
    byte[] bytes = (p.command.line() + "\r").getBytes(StandardCharsets.ISO_8859_1);
    effects.add(
        () -> {
          WIRE.trace(">> {}", Qsetpsk.redact(p.command.line()));
          transport
              .write(ByteBuffer.wrap(bytes))
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      writeFailed(p, e);
                    }
                  });
        });
  }

  private <R> void arm(Pending<R> p) {
    Duration timeout = p.command.timeout();
    p.timer =
        scheduler.schedule(
            timeout,
            () -> {
              List<Runnable> effects = new ArrayList<>(2);
              synchronized (this) {
                if (inFlight != p) {
                  return;
                }
                LOG.debug("{} timed out after {}", p.command.line(), timeout);
                finishLocked(p.complete(new AtResponse.Timeout<>(timeout)), effects);
              }
              run(effects);
            });
  }

  private <R> void writeFailed(Pending<R> p, Throwable e) {
    List<Runnable> effects = new ArrayList<>(2);
    synchronized (this) {
      if (inFlight != p) {
        return;
      }
      finishLocked(p.complete(new AtResponse.TransportClosed<>("write failed: " + e)), effects);
    }
    run(effects);
  }

  private void failAllLocked(String reason, List<Runnable> effects) {
    if (inFlight != null) {
      effects.add(failure(inFlight, reason));
      inFlight = null;
    }
    while (!queue.isEmpty()) {
      effects.add(failure(queue.poll(), reason));
    }
  }

  private static <R> Runnable failure(AtSession.Pending<R> p, String reason) {
    return p.complete(new AtResponse.TransportClosed<>(reason));
  }

  private static void run(List<Runnable> effects) {
    for (Runnable r : effects) {
      r.run();
    }
  }

  private static boolean same(byte[] b, int off, int len, byte[] p) {
    return len == p.length && startsWith(b, off, len, p);
  }

  private static boolean startsWith(byte[] b, int off, int len, byte[] p) {
    if (len < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (b[off + i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  /** Builds an {@link AtSession}. */
  public static final class Builder {
    private @Nullable AtTransport transport;
    private @Nullable Scheduler scheduler;
    private int maxQueued = 32;
    private int maxLineLength = AtFramer.DEFAULT_MAX_LINE_LENGTH;
    private Duration bannerTimeout = Duration.ofSeconds(10);
    private final List<Listener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the transport (required); {@link #build()} starts it.
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(AtTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets the scheduler for timeouts (required).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets how many commands may wait behind the one in flight.
     *
     * @param maxQueued 1..1024; default 32
     * @return this builder
     */
    public Builder maxQueued(int maxQueued) {
      if (maxQueued < 1 || maxQueued > 1024) {
        throw new AtException("maxQueued: " + maxQueued + " (expected: 1..1024)");
      }
      this.maxQueued = maxQueued;
      return this;
    }

    /**
     * Sets the framer's maximum line length.
     *
     * @param maxLineLength bytes; default {@link AtFramer#DEFAULT_MAX_LINE_LENGTH}
     * @return this builder
     */
    public Builder maxLineLength(int maxLineLength) {
      AtFramer.create(maxLineLength); // validates
      this.maxLineLength = maxLineLength;
      return this;
    }

    /**
     * Sets how long queued commands wait for a boot banner's {@code OK} before they are sent
     * anyway.
     *
     * @param timeout positive; default 10 s
     * @return this builder
     */
    public Builder bannerTimeout(Duration timeout) {
      if (timeout.isZero() || timeout.isNegative()) {
        throw new AtException("bannerTimeout: " + timeout + " (expected: > 0)");
      }
      this.bannerTimeout = timeout;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the session and starts the transport.
     *
     * @return the session
     * @throws IllegalStateException if the transport or scheduler is missing
     */
    public AtSession build() {
      if (transport == null) {
        throw new IllegalStateException("transport is required");
      }
      if (scheduler == null) {
        throw new IllegalStateException("scheduler is required");
      }
      AtSession s = new AtSession(this);
      s.start();
      return s;
    }
  }
}
