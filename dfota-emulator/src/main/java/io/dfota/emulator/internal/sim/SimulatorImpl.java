package io.dfota.emulator.internal.sim;

import io.dfota.core.UpdateResult;
import io.dfota.emulator.EmulatorException;
import io.dfota.emulator.Imei;
import io.dfota.emulator.sim.DeviceSimulator;
import io.dfota.emulator.sim.FetchOutcome;
import io.dfota.emulator.sim.SimCounters;
import io.dfota.emulator.sim.SimulatedDevice;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.CoAPMessageFormatException;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-thread simulator: one {@link Selector} over one non-blocking {@link DatagramChannel} per
 * device, a {@link TimerQueue} for retransmissions, request timeouts and registration updates, and
 * a task queue for calls from other threads. CoAP is encoded and parsed with Californium's {@link
 * UdpDataSerializer} and {@link UdpDataParser}.
 */
public final class SimulatorImpl implements DeviceSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorImpl.class);

  /** The registration payload: what {@code Lwm2mClient} registers (protocol-notes §4.1). */
  static final byte[] LINKS =
      "</>;rt=\"oma.lwm2m\",</3/0>,</4/0>,</5/0>,</19/0>,</19/1>".getBytes(StandardCharsets.UTF_8);

  /** Largest datagram read; CoAP over UDP with a 1024-byte block stays well below. */
  private static final int MAX_DATAGRAM = 2048;

  /** Datagrams read from one port before the next ready port gets its turn. */
  private static final int READS_PER_KEY = 16;

  private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(30);

  private final SimConfig cfg;
  private final SimDevice[] devices;
  private final Map<String, SimDevice> byImei = new HashMap<>();
  private final List<Imei> imeis;
  private final UdpDataParser parser = new UdpDataParser();
  private final UdpDataSerializer serializer = new UdpDataSerializer();
  private final TimerQueue timers;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_DATAGRAM);

  /** Package URIs already parsed: a {@link SimDevice.UriTarget} or the failure result. */
  private final Map<String, Object> uris = new HashMap<>();

  private final AtomicInteger registered = new AtomicInteger();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong retransmissions = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong notifications = new AtomicLong();
  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong updated = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  private @Nullable Selector selector;
  private @Nullable Thread thread;
  private volatile boolean running;
  private volatile long lastCpuNanos;
  private @Nullable CompletableFuture<Void> started;

  /**
   * Creates the simulator (no port is bound yet).
   *
   * @param cfg the settings
   */
  public SimulatorImpl(SimConfig cfg) {
    this.cfg = cfg;
    this.timers = new TimerQueue(cfg.scheduler(), this::post);
    this.devices = new SimDevice[cfg.devices()];
    int firstSerial = Integer.parseInt(cfg.firstImei().value().substring(8, 14));
    String tac = cfg.firstImei().value().substring(0, 8);
    List<Imei> list = new ArrayList<>(cfg.devices());
    for (int i = 0; i < devices.length; i++) {
      Imei imei = Imei.of(tac, firstSerial + i);
      devices[i] = new SimDevice(this, cfg, i, imei);
      byImei.put(imei.value(), devices[i]);
      list.add(imei);
    }
    this.imeis = List.copyOf(list);
  }

  // ------------------------------------------------------------------ API

  @Override
  public synchronized CompletableFuture<Void> start() {
    CompletableFuture<Void> f = bindAndRun();
    post(() -> registerAll(f));
    return f;
  }

  @Override
  public synchronized CompletableFuture<Void> startUnregistered() {
    CompletableFuture<Void> f = bindAndRun();
    f.complete(null);
    return f;
  }

  @Override
  public CompletableFuture<List<FetchOutcome>> fetch(URI uri) {
    Object target = parseUri(uri.toString());
    if (!(target instanceof SimDevice.UriTarget t)) {
      throw new EmulatorException("uri: " + uri + " (expected: coap://host:port/path)");
    }
    if (!running) {
      throw new EmulatorException("simulator: not running (expected: started)");
    }
    CompletableFuture<List<FetchOutcome>> f = new CompletableFuture<>();
    post(
        () -> {
          FetchOutcome[] out = new FetchOutcome[devices.length];
          int[] left = {devices.length};
          for (int i = 0; i < devices.length; i++) {
            int k = i;
            devices[i].fetch(
                t,
                o -> {
                  out[k] = o;
                  if (--left[0] == 0) {
                    f.complete(List.of(out));
                  }
                });
          }
        });
    return f;
  }

  private CompletableFuture<Void> bindAndRun() {
    if (started != null) {
      throw new EmulatorException("simulator: already started");
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    started = f;
    Selector sel;
    try {
      sel = Selector.open();
      StandardProtocolFamily family =
          cfg.localHost() instanceof Inet6Address
              ? StandardProtocolFamily.INET6
              : StandardProtocolFamily.INET;
      for (SimDevice d : devices) {
        DatagramChannel ch = DatagramChannel.open(family);
        try {
          ch.configureBlocking(false);
          ch.bind(new InetSocketAddress(cfg.localHost(), 0));
          ch.register(sel, SelectionKey.OP_READ, d);
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
        d.bind(ch, (InetSocketAddress) ch.getLocalAddress());
      }
    } catch (IOException e) {
      closeChannels();
      throw new EmulatorException(
          "simulator: binding "
              + devices.length
              + " UDP ports failed: "
              + e.getMessage()
              + " (expected: enough file descriptors, see ulimit -n)",
          e);
    }
    selector = sel;
    running = true;
    Thread t = new Thread(this::loop, "dfota-device-simulator");
    t.setDaemon(true);
    thread = t;
    t.start();
    LOG.info("device simulator: {} devices bound on {}", devices.length, cfg.localHost());
    return f;
  }

  private void registerAll(CompletableFuture<Void> f) {
    int[] next = {0};
    int[] done = {0};
    int[] failures = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (next[0] < devices.length && next[0] - done[0] < cfg.registrationWindow()) {
            SimDevice d = devices[next[0]++];
            d.register(
                ok -> {
                  done[0]++;
                  if (!ok) {
                    failures[0]++;
                  }
                  if (done[0] == devices.length) {
                    if (failures[0] == 0) {
                      f.complete(null);
                    } else {
                      f.completeExceptionally(
                          new EmulatorException(
                              "simulator: "
                                  + failures[0]
                                  + " of "
                                  + devices.length
                                  + " registrations failed (expected: 0)"));
                    }
                  } else {
                    pump[0].run();
                  }
                });
          }
        };
    pump[0].run();
  }

  @Override
  public CompletableFuture<Void> updateRegistrations() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    post(
        () -> {
          int[] left = {devices.length};
          int[] failures = {0};
          for (SimDevice d : devices) {
            d.updateRegistration(
                ok -> {
                  if (!ok) {
                    failures[0]++;
                  }
                  if (--left[0] == 0) {
                    if (failures[0] == 0) {
                      f.complete(null);
                    } else {
                      f.completeExceptionally(
                          new EmulatorException(
                              "simulator: "
                                  + failures[0]
                                  + " registration updates failed (expected: 0)"));
                    }
                  }
                });
          }
        });
    return f;
  }

  @Override
  public List<Imei> imeis() {
    return imeis;
  }

  @Override
  public CompletableFuture<List<SimulatedDevice>> snapshot() {
    CompletableFuture<List<SimulatedDevice>> f = new CompletableFuture<>();
    if (!running) {
      List<SimulatedDevice> out = new ArrayList<>(devices.length);
      synchronized (this) {
        for (SimDevice d : devices) {
          out.add(d.snapshot());
        }
      }
      f.complete(out);
      return f;
    }
    post(
        () -> {
          List<SimulatedDevice> out = new ArrayList<>(devices.length);
          for (SimDevice d : devices) {
            out.add(d.snapshot());
          }
          f.complete(out);
        });
    return f;
  }

  @Override
  public Optional<SimulatedDevice> device(String imei) {
    SimDevice d = byImei.get(imei);
    if (d == null) {
      return Optional.empty();
    }
    if (!running) {
      synchronized (this) {
        return Optional.of(d.snapshot());
      }
    }
    CompletableFuture<SimulatedDevice> f = new CompletableFuture<>();
    post(() -> f.complete(d.snapshot()));
    try {
      return Optional.of(f.get(SNAPSHOT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("simulator: interrupted while taking a snapshot", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new EmulatorException(
          "simulator: snapshot of " + imei + " not taken within " + SNAPSHOT_WAIT, e);
    }
  }

  @Override
  public SimCounters counters() {
    return new SimCounters(
        devices.length,
        registered.get(),
        sent.get(),
        received.get(),
        retransmissions.get(),
        served.get(),
        notifications.get(),
        blocks.get(),
        bytes.get(),
        updated.get(),
        failed.get(),
        malformed.get());
  }

  @Override
  public Duration threadCpuTime() {
    Thread t = thread;
    if (t != null && t.isAlive()) {
      long cpu = cpuNanos(t);
      if (cpu >= 0) {
        lastCpuNanos = cpu;
      }
    }
    return Duration.ofNanos(lastCpuNanos);
  }

  private static long cpuNanos(Thread t) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) {
      return -1;
    }
    return mx.getThreadCpuTime(t.getId());
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
      if (t == null || !running) {
        closeChannels();
        return;
      }
      running = false;
    }
    Selector sel = selector;
    if (sel != null) {
      sel.wakeup();
    }
    try {
      t.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("device simulator stopped: {}", counters());
  }

  // ------------------------------------------------------------------ the loop

  private void post(Runnable task) {
    tasks.add(task);
    Selector sel = selector;
    if (sel != null) {
      sel.wakeup();
    }
  }

  private void loop() {
    Selector sel = selector;
    if (sel == null) {
      return;
    }
    try {
      while (running) {
        Runnable task;
        while ((task = tasks.poll()) != null) {
          safely(task);
        }
        long wait = runTimers();
        if (!tasks.isEmpty()) {
          wait = 0;
        }
        if (wait == 0) {
          sel.selectNow(this::onReadable);
        } else {
          long ms = wait < 0 ? 0 : Math.max(1, (wait + 999_999) / 1_000_000);
          sel.select(this::onReadable, ms);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("device simulator thread failed", e);
    } finally {
      long cpu = cpuNanos(Thread.currentThread());
      if (cpu >= 0) {
        lastCpuNanos = cpu;
      }
      synchronized (this) {
        running = false;
        closeChannels();
      }
    }
  }

  /** Runs due timers; returns nanoseconds to the next (0: due now, -1: none). */
  private long runTimers() {
    while (true) {
      try {
        return timers.runDue(System.nanoTime());
      } catch (RuntimeException e) {
        LOG.warn("device simulator timer failed", e);
      }
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("device simulator task failed", e);
    }
  }

  private void onReadable(SelectionKey key) {
    SimDevice d = (SimDevice) key.attachment();
    DatagramChannel ch = (DatagramChannel) key.channel();
    for (int i = 0; i < READS_PER_KEY; i++) {
      InetSocketAddress from;
      byte[] data;
      try {
        rx.clear();
        from = (InetSocketAddress) ch.receive(rx);
        if (from == null) {
          return;
        }
        rx.flip();
        data = new byte[rx.remaining()];
        rx.get(data);
      } catch (IOException e) {
        LOG.debug("{}: receive failed: {}", d.imei(), e.toString());
        return;
      }
      received.incrementAndGet();
      try {
        dispatch(d, data, from);
      } catch (RuntimeException e) {
        LOG.warn("{}: datagram handling failed", d.imei(), e);
      }
    }
  }

  private void dispatch(SimDevice d, byte[] data, InetSocketAddress from) {
    Message m;
    try {
      m = parser.parseMessage(data);
    } catch (CoAPMessageFormatException e) {
      malformed.incrementAndGet();
      if (e.isConfirmable() && e.hasMid()) {
        send(d.channel(), empty(Type.RST, e.getMid()), from);
      }
      return;
    } catch (RuntimeException e) {
      malformed.incrementAndGet();
      return;
    }
    if (m instanceof Request req) {
      d.onRequest(req, from);
    } else if (m instanceof Response resp) {
      d.onResponse(resp, from);
    } else if (m instanceof EmptyMessage) {
      d.onEmpty(m.getType(), m.getMID(), from);
    }
  }

  // ------------------------------------------------------------------ for the devices

  /** An empty ACK or RST (RFC 7252 §3: version 1, no token, code 0.00). */
  static byte[] empty(Type type, int mid) {
    return new byte[] {
      (byte) (0x40 | (type.value << 4)), 0, (byte) (mid >>> 8), (byte) mid,
    };
  }

  void send(@Nullable DatagramChannel ch, byte[] datagram, InetSocketAddress to) {
    if (ch == null) {
      return;
    }
    try {
      ch.send(ByteBuffer.wrap(datagram), to);
      sent.incrementAndGet();
    } catch (IOException e) {
      LOG.debug("send to {} failed: {}", to, e.toString());
    }
  }

  UdpDataSerializer serializer() {
    return serializer;
  }

  TimerQueue timers() {
    return timers;
  }

  void emit(Consumer<DeviceSimulator.Listener> event) {
    for (DeviceSimulator.Listener l : cfg.listeners()) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("device simulator listener failed", e);
      }
    }
  }

  void registeredChanged(boolean now) {
    if (now) {
      registered.incrementAndGet();
    } else {
      registered.decrementAndGet();
    }
  }

  void retransmitted() {
    retransmissions.incrementAndGet();
  }

  void served() {
    served.incrementAndGet();
  }

  void notified() {
    notifications.incrementAndGet();
  }

  void block(int n) {
    blocks.incrementAndGet();
    bytes.addAndGet(n);
  }

  void outcome(boolean success) {
    (success ? updated : failed).incrementAndGet();
  }

  /**
   * Parses a package URI once; returns a {@link SimDevice.UriTarget} or an {@link UpdateResult}.
   */
  Object resolve(String uri) {
    return uris.computeIfAbsent(uri, SimulatorImpl::parseUri);
  }

  private static Object parseUri(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return UpdateResult.INVALID_URI;
    }
    String scheme = parsed.getScheme();
    if (scheme == null || parsed.getHost() == null) {
      return UpdateResult.INVALID_URI;
    }
    if (!scheme.equalsIgnoreCase("coap")) {
      return UpdateResult.UNSUPPORTED_PROTOCOL;
    }
    InetSocketAddress target =
        new InetSocketAddress(parsed.getHost(), parsed.getPort() < 0 ? 5683 : parsed.getPort());
    if (target.isUnresolved()) {
      return UpdateResult.INVALID_URI;
    }
    String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
    return new SimDevice.UriTarget(
        target, path.startsWith("/") ? path.substring(1) : path, parsed.getRawQuery());
  }

  private void closeChannels() {
    for (SimDevice d : devices) {
      DatagramChannel ch = d.channel();
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException e) {
          LOG.debug("close failed: {}", e.toString());
        }
      }
    }
    Selector sel = selector;
    if (sel != null) {
      try {
        sel.close();
      } catch (IOException e) {
        LOG.debug("selector close failed: {}", e.toString());
      }
    }
  }
}
