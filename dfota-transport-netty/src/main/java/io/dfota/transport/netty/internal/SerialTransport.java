package io.dfota.transport.netty.internal;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.dfota.at.AtTransport;
import io.dfota.transport.netty.ReconnectPolicy;
import io.dfota.transport.netty.SerialAtPort.FlowControl;
import io.dfota.transport.netty.SerialAtPort.LineSettings;
import io.dfota.transport.netty.TransportException;
import io.dfota.transport.netty.TransportException.Failure;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial-port {@link AtTransport} over jSerialComm. One reader thread opens the port, reads
 * with a short timeout, hands bytes to the listener and reopens the port after the device
 * disappears; one writer thread performs the (blocking) writes. Every listener call but the final
 * "transport closed" runs on the reader thread; that last one runs on the closing thread after the
 * reader has ended, so the listener is never called concurrently.
 */
public final class SerialTransport implements AtTransport {
  private static final Logger LOG = LoggerFactory.getLogger(SerialTransport.class);
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final int READ_TIMEOUT_MILLIS = 100;
  private static final int READ_CHUNK = 4096;
  private static final long JOIN_SECONDS = 10;

  private final LineSettings settings;
  private final @Nullable ReconnectPolicy reopen;
  private final int limit;
  private final Duration writeTimeout;
  private final String tag;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closeSignal = new CountDownLatch(1);
  private final AtomicLong pending = new AtomicLong();
  private volatile @Nullable SerialPort port;
  private volatile @Nullable Thread reader;
  private volatile @Nullable Thread writerThread;
  private volatile @Nullable ThreadPoolExecutor writer;
  private volatile @Nullable GuardedListener listener;

  /**
   * Creates the transport; nothing is opened before {@link #start}.
   *
   * @param settings the line settings
   * @param reopen the reopen back-off, or null for none
   * @param maxPendingWriteBytes the outbound limit
   * @param writeTimeout how long one write may block
   */
  public SerialTransport(
      LineSettings settings,
      @Nullable ReconnectPolicy reopen,
      int maxPendingWriteBytes,
      Duration writeTimeout) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.reopen = reopen;
    this.limit = maxPendingWriteBytes;
    this.writeTimeout = writeTimeout;
    this.tag = "serial#" + IDS.incrementAndGet() + " " + settings.path();
  }

  @Override
  public void start(AtTransport.Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!started.compareAndSet(false, true)) {
      throw new TransportException(
          Failure.ILLEGAL_USE, "start: called twice on " + tag + " (expected: once)");
    }
    if (closed.get()) {
      throw new TransportException(Failure.CLOSED, "start: " + tag + " is closed");
    }
    this.listener = new GuardedListener(listener, tag);
    ThreadPoolExecutor w =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "dfota-serial-writer " + settings.path());
              t.setDaemon(true);
              writerThread = t;
              return t;
            });
    writer = w;
    Thread r = new Thread(this::run, "dfota-serial-reader " + settings.path());
    r.setDaemon(true);
    reader = r;
    r.start();
  }

  private void run() {
    GuardedListener l = Objects.requireNonNull(listener);
    byte[] buf = new byte[READ_CHUNK];
    int attempt = 0;
    try {
      while (!closed.get()) {
        String[] failure = new String[1];
        SerialPort p = open(failure);
        if (p == null) {
          if (!down(l, failure[0], attempt++)) {
            break;
          }
          continue;
        }
        if (closed.get()) {
          p.closePort();
          break;
        }
        port = p;
        attempt = 0;
        LOG.debug("{}: open", tag);
        l.onConnected();
        String lost = readLoop(p, buf, l);
        port = null;
        p.closePort();
        if (lost == null || !down(l, lost, attempt++)) {
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: reader stopped on an unexpected error", tag, e);
      if (!closed.get()) {
        l.onDisconnected("reader failed: " + Outbound.describe(e), false);
      }
    } finally {
      SerialPort p = port;
      port = null;
      if (p != null) {
        p.closePort();
      }
    }
  }

  /** Reports the link down and waits the back-off; returns false when the reader should end. */
  private boolean down(GuardedListener l, String reason, int attempt) {
    ReconnectPolicy policy = reopen;
    if (closed.get()) {
      return false;
    }
    l.onDisconnected(reason, policy != null);
    if (policy == null) {
      LOG.debug("{}: {}", tag, reason);
      return false;
    }
    Duration delay = policy.delay(attempt, ThreadLocalRandom.current().nextDouble());
    LOG.debug("{}: {}; reopening in {} ms", tag, reason, delay.toMillis());
    try {
      return !closeSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private @Nullable SerialPort open(String[] failure) {
    String path = settings.path();
    if (!deviceExists()) {
      failure[0] = "device disappeared: " + path + " does not exist";
      return null;
    }
    SerialPort p;
    try {
      p = SerialPort.getCommPort(path);
    } catch (SerialPortInvalidPortException e) {
      failure[0] = "open " + path + " failed: " + Outbound.describe(e);
      return null;
    }
    p.setComPortParameters(
        settings.baudRate(), settings.dataBits(), stopBits(settings), parity(settings));
    p.setFlowControl(flowControl(settings.flowControl()));
    p.setComPortTimeouts(
        SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
        READ_TIMEOUT_MILLIS,
        (int) Math.min(Integer.MAX_VALUE, writeTimeout.toMillis()));
    if (!p.openPort()) {
      failure[0] = "open " + path + " failed (error code " + p.getLastErrorCode() + ")";
      return null;
    }
    return p;
  }

  private boolean deviceExists() {
    String path = settings.path();
    if (!path.startsWith("/")) {
      return true; // COM ports and other non-file names: let jSerialComm decide
    }
    try {
      return Files.exists(Path.of(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Reads until the port fails (returns the reason) or the transport is closed (returns null). */
  private @Nullable String readLoop(SerialPort p, byte[] buf, GuardedListener l) {
    while (!closed.get()) {
      int n = p.readBytes(buf, buf.length);
      if (closed.get()) {
        return null;
      }
      if (n < 0) {
        return "device disappeared: read from "
            + settings.path()
            + " failed (error code "
            + p.getLastErrorCode()
            + ")";
      }
      if (n == 0) {
        if (!deviceExists()) {
          return "device disappeared: " + settings.path() + " no longer exists";
        }
        continue;
      }
      ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n).asReadOnlyBuffer();
      WireLog.rx(tag, chunk);
      l.onBytes(chunk);
    }
    return null;
  }

  private static int stopBits(LineSettings s) {
    switch (s.stopBits()) {
      case ONE_POINT_FIVE:
        return SerialPort.ONE_POINT_FIVE_STOP_BITS;
      case TWO:
        return SerialPort.TWO_STOP_BITS;
      case ONE:
      default:
        return SerialPort.ONE_STOP_BIT;
    }
  }

  private static int parity(LineSettings s) {
    switch (s.parity()) {
      case ODD:
        return SerialPort.ODD_PARITY;
      case EVEN:
        return SerialPort.EVEN_PARITY;
      case MARK:
        return SerialPort.MARK_PARITY;
      case SPACE:
        return SerialPort.SPACE_PARITY;
      case NONE:
      default:
        return SerialPort.NO_PARITY;
    }
  }

  private static int flowControl(FlowControl f) {
    switch (f) {
      case RTS_CTS:
        return SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
      case XON_XOFF:
        return SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED
            | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
      case NONE:
      default:
        return SerialPort.FLOW_CONTROL_DISABLED;
    }
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (closed.get()) {
      return Outbound.failed(Failure.CLOSED, "transport closed");
    }
    ThreadPoolExecutor w = writer;
    if (w == null || port == null) {
      return Outbound.failed(
          Failure.NOT_CONNECTED,
          "serial port "
              + settings.path()
              + " is not open"
              + (reopen != null ? " (reopening)" : " (no reopen configured)"));
    }
    int size = bytes.remaining();
    long now = pending.addAndGet(size);
    if (now > limit) {
      pending.addAndGet(-size);
      return Outbound.failed(
          Failure.BUFFER_FULL,
          "outbound buffer full: "
              + size
              + " more bytes would make "
              + now
              + " unwritten (limit: "
              + limit
              + "); the line is slower than the writes");
    }
    byte[] data = new byte[size];
    bytes.get(data);
    WriteTask task = new WriteTask(data);
    try {
      w.execute(task);
    } catch (RejectedExecutionException e) {
      pending.addAndGet(-size);
      return Outbound.failed(Failure.CLOSED, "transport closed");
    }
    return task.result;
  }

  @Override
  public boolean isConnected() {
    return !closed.get() && port != null;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeSignal.countDown();
    Thread current = Thread.currentThread();
    ThreadPoolExecutor w = writer;
    if (w != null) {
      List<Runnable> left = w.shutdownNow();
      for (Runnable r : left) {
        if (r instanceof WriteTask) {
          ((WriteTask) r).fail(new TransportException(Failure.CLOSED, "transport closed"));
        }
      }
    }
    Thread r = reader;
    try {
      if (r != null && r != current) {
        r.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
        if (r.isAlive()) {
          LOG.warn("{}: reader did not stop within {} s", tag, JOIN_SECONDS);
        }
      }
      if (w != null
          && writerThread != current
          && !w.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("{}: writer did not stop within {} s", tag, JOIN_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    GuardedListener l = listener;
    if (l != null) {
      l.onDisconnected("transport closed", false);
    }
    LOG.debug("{}: closed", tag);
  }

  @Override
  public String toString() {
    return tag;
  }

  /** One queued write; it completes when the bytes were written to the port. */
  private final class WriteTask implements Runnable {
    final byte[] data;
    final CompletableFuture<Void> result = new CompletableFuture<>();
    private final AtomicBoolean done = new AtomicBoolean();

    WriteTask(byte[] data) {
      this.data = data;
    }

    void fail(TransportException e) {
      if (done.compareAndSet(false, true)) {
        pending.addAndGet(-data.length);
        result.completeExceptionally(e);
      }
    }

    @Override
    public void run() {
      SerialPort p = port;
      if (closed.get()) {
        fail(new TransportException(Failure.CLOSED, "transport closed"));
        return;
      }
      if (p == null) {
        fail(
            new TransportException(
                Failure.NOT_CONNECTED, "serial port " + settings.path() + " is not open"));
        return;
      }
      int off = 0;
      while (off < data.length) {
        int n = p.writeBytes(data, data.length - off, off);
        if (n <= 0) {
          fail(
              closed.get()
                  ? new TransportException(Failure.CLOSED, "transport closed")
                  : new TransportException(
                      Failure.IO_ERROR,
                      "write to "
                          + settings.path()
                          + " failed after "
                          + off
                          + " of "
                          + data.length
                          + " bytes (error code "
                          + p.getLastErrorCode()
                          + ")"));
          return;
        }
        WireLog.tx(tag, ByteBuffer.wrap(data, off, n));
        off += n;
      }
      if (done.compareAndSet(false, true)) {
        pending.addAndGet(-data.length);
        result.complete(null);
      }
    }
  }
}
