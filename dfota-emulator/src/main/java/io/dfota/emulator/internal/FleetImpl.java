package io.dfota.emulator.internal;

import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.ModuleDriver;
import io.dfota.core.Scheduler;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.EmulatorException;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Fleet;
import io.dfota.emulator.Imei;
import io.dfota.emulator.ModuleModel;
import io.dfota.transport.netty.AtConnection;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.TcpAtClient;
import io.dfota.transport.netty.TcpAtServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet: modules with consecutive IMEIs on one scheduler and a small shared thread pool, each
 * with an optional MCU driver over an in-memory or TCP loopback AT link.
 */
public final class FleetImpl implements Fleet {
  private static final Logger LOG = LoggerFactory.getLogger(FleetImpl.class);

  /** Threads shared by every module's serial executor. */
  private static final int WORKERS = 2;

  /** Threads that stop modules in parallel. */
  private static final int STOP_THREADS = 16;

  private final Scheduler scheduler;
  private final @Nullable ScheduledExecutorService ownTimer;
  private final Executor workers;
  private final @Nullable ExecutorService ownWorkers;
  private final @Nullable EventLoopGroup ownGroup;
  private final @Nullable EventLoopGroup group;
  private final boolean drivers;
  private final Fleet.AtLink atLink;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final List<EmulatedModule> modules;
  private boolean stopped;
  private final java.util.ArrayDeque<Member> awaitingAccept = new java.util.ArrayDeque<>();
  private volatile @Nullable AtServer shared;

  /** One module and what the fleet attached to it. */
  private static final class Member {
    final EmulatedModule module;
    @Nullable AtServer atServer;
    @Nullable AtTransport mcuEnd;
    @Nullable AtSession session;
    @Nullable ModuleDriver driver;
    final CompletableFuture<Void> accepted = new CompletableFuture<>();

    Member(EmulatedModule module) {
      this.module = module;
    }
  }

  /**
   * Creates the fleet.
   *
   * @param count the number of modules
   * @param tac the IMEI type allocation code
   * @param firstSerial the first serial
   * @param server the LwM2M server
   * @param model the model
   * @param revision the initial revision, or null for the model's
   * @param scheduler the scheduler, or null for a private one
   * @param faults the fault plan per IMEI
   * @param drivers whether to attach MCU drivers
   * @param atLink the AT link kind
   * @param group the event-loop group, or null for a private one
   * @param executor the executor for the modules' work, or null for a private pool
   * @param customizer the module builder hook
   */
  public FleetImpl(
      int count,
      String tac,
      int firstSerial,
      InetSocketAddress server,
      ModuleModel model,
      @Nullable String revision,
      @Nullable Scheduler scheduler,
      Function<Imei, FaultPlan> faults,
      boolean drivers,
      Fleet.AtLink atLink,
      @Nullable EventLoopGroup group,
      @Nullable Executor executor,
      BiConsumer<Imei, EmulatedModule.Builder> customizer) {
    AtomicInteger n = new AtomicInteger();
    if (scheduler != null) {
      this.scheduler = scheduler;
      this.ownTimer = null;
    } else {
      this.ownTimer =
          Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dfota-fleet-timer"));
      this.scheduler = Scheduler.of(ownTimer);
    }
    if (executor != null) {
      this.ownWorkers = null;
      this.workers = executor;
    } else {
      ExecutorService pool =
          Executors.newFixedThreadPool(
              WORKERS, r -> daemon(r, "dfota-fleet-" + n.incrementAndGet()));
      this.ownWorkers = pool;
      this.workers = pool;
    }
    this.drivers = drivers;
    this.atLink = atLink;
    if (atLink != Fleet.AtLink.IN_MEMORY && group == null) {
      this.ownGroup =
          new MultiThreadIoEventLoopGroup(
              1, (ThreadFactory) r -> daemon(r, "dfota-fleet-tcp"), NioIoHandler.newFactory());
      this.group = ownGroup;
    } else {
      this.ownGroup = null;
      this.group = group;
    }
    List<EmulatedModule> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Imei imei = Imei.of(tac, firstSerial + i);
      EmulatedModule.Builder b =
          EmulatedModule.builder()
              .imei(imei)
              .model(model)
              .server(server)
              .scheduler(this.scheduler)
              .executor(workers)
              .faults(faults.apply(imei));
      if (revision != null) {
        b.revision(revision);
      }
      customizer.accept(imei, b);
      EmulatedModule m = b.build();
      members.put(imei.value(), new Member(m));
      list.add(m);
    }
    this.modules = Collections.unmodifiableList(list);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public CompletableFuture<Void> start() {
    if (atLink == Fleet.AtLink.TCP_SHARED_PORT) {
      // one port: connect the drivers one after the other so that connection k gets module k
      CompletableFuture<Void> chain =
          bind(this::acceptShared)
              .thenAccept(
                  srv -> {
                    shared = srv;
                    for (Member m : members.values()) {
                      m.atServer = srv;
                    }
                  });
      List<CompletableFuture<Void>> boots = new ArrayList<>();
      for (Member m : members.values()) {
        boots.add(m.module.start());
      }
      chain =
          chain.thenCompose(
              v -> CompletableFuture.allOf(boots.toArray(new CompletableFuture<?>[0])));
      if (!drivers) {
        synchronized (this) {
          awaitingAccept.addAll(members.values());
        }
        return chain;
      }
      for (Member m : members.values()) {
        chain = chain.thenCompose(v -> connectShared(m)).thenCompose(v -> initialise(m));
      }
      return chain;
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Member m : members.values()) {
      all.add(startOne(m));
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
  }

  private CompletableFuture<AtServer> bind(java.util.function.Consumer<AtConnection> onAccept) {
    EventLoopGroup g = group;
    if (g == null) {
      throw new EmulatorException("fleet: TCP AT links need an event-loop group");
    }
    return TcpAtServer.builder()
        .eventLoopGroup(g)
        .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .maxConnections(atLink == Fleet.AtLink.TCP_SHARED_PORT ? members.size() : 1)
        .onAccept(onAccept)
        .bind();
  }

  private void acceptShared(AtConnection c) {
    Member m;
    synchronized (this) {
      m = awaitingAccept.poll();
    }
    if (m == null) {
      LOG.info("AT connection from {} refused: every module has an MCU", c.remoteAddress());
      c.close();
      return;
    }
    m.module.attach(c);
    m.accepted.complete(null);
  }

  private CompletableFuture<Void> connectShared(Member m) {
    synchronized (this) {
      awaitingAccept.add(m);
    }
    AtServer srv = shared;
    if (srv == null) {
      return CompletableFuture.failedFuture(new EmulatorException("fleet: not bound"));
    }
    return startDriver(m, client(srv.localAddress())).thenCompose(v -> m.accepted);
  }

  private AtTransport client(InetSocketAddress a) {
    EventLoopGroup g = group;
    if (g == null) {
      throw new EmulatorException("fleet: TCP AT links need an event-loop group");
    }
    return new ConnectAware(
        TcpAtClient.builder()
            .eventLoopGroup(g)
            .remote(a.getHostString(), a.getPort())
            .noReconnect()
            .build());
  }

  /**
   * Powers the module on first (its boot banner goes to no MCU, as for an MCU that attaches to a
   * running module), then connects the AT link and initialises the driver.
   */
  private CompletableFuture<Void> startOne(Member m) {
    synchronized (this) {
      if (stopped) {
        return CompletableFuture.failedFuture(new EmulatorException("fleet: stopped"));
      }
    }
    return m.module.start().thenCompose(v -> connect(m)).thenCompose(v -> initialise(m));
  }

  private CompletableFuture<Void> connect(Member m) {
    if (atLink == Fleet.AtLink.IN_MEMORY) {
      return drivers
          ? startDriver(m, m.module.connectInMemory())
          : CompletableFuture.completedFuture(null);
    }
    return bind(m.module::attach)
        .thenCompose(
            srv -> {
              m.atServer = srv;
              return drivers
                  ? startDriver(m, client(srv.localAddress()))
                  : CompletableFuture.<Void>completedFuture(null);
            });
  }

  private CompletableFuture<Void> startDriver(Member m, AtTransport t) {
    m.mcuEnd = t;
    AtSession s = AtSession.builder().transport(t).scheduler(scheduler).build();
    m.session = s;
    m.driver = ModuleDriver.builder().session(s).scheduler(scheduler).build();
    return t instanceof ConnectAware c
        ? c.connected
        : CompletableFuture.<Void>completedFuture(null);
  }

  private CompletableFuture<Void> initialise(Member m) {
    ModuleDriver d = m.driver;
    if (d == null) {
      return CompletableFuture.completedFuture(null);
    }
    return d.initialise()
        .thenAccept(
            r -> {
              if (!r.isOk()) {
                LOG.warn("MCU driver of {} did not initialise: {}", m.module.imei(), r.describe());
              }
            });
  }

  /** An MCU-side transport that says when its TCP connection is up. */
  private static final class ConnectAware implements AtTransport {
    final AtTransport delegate;
    final CompletableFuture<Void> connected = new CompletableFuture<>();

    ConnectAware(AtTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public void start(Listener listener) {
      delegate.start(
          new Listener() {
            @Override
            public void onConnected() {
              listener.onConnected();
              connected.complete(null);
            }

            @Override
            public void onBytes(java.nio.ByteBuffer bytes) {
              listener.onBytes(bytes);
            }

            @Override
            public void onDisconnected(String reason, boolean willReconnect) {
              listener.onDisconnected(reason, willReconnect);
              connected.completeExceptionally(
                  new EmulatorException("AT link: " + reason + " (expected: connected)"));
            }
          });
    }

    @Override
    public CompletableFuture<Void> write(java.nio.ByteBuffer bytes) {
      return delegate.write(bytes);
    }

    @Override
    public boolean isConnected() {
      return delegate.isConnected();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Override
  public void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    for (Member m : members.values()) {
      ModuleDriver d = m.driver;
      if (d != null) {
        d.close();
      }
      AtSession s = m.session;
      if (s != null) {
        s.close();
      }
      AtTransport t = m.mcuEnd;
      if (t != null) {
        t.close();
      }
      AtServer srv = m.atServer;
      if (srv != null && srv != shared) {
        srv.close();
      }
    }
    AtServer sh = shared;
    if (sh != null) {
      sh.close();
    }
    stopModules();
    ExecutorService own = ownWorkers;
    if (own != null) {
      own.shutdown();
    }
    if (ownTimer != null) {
      ownTimer.shutdownNow();
    }
    EventLoopGroup g = ownGroup;
    if (g != null) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Stops the modules in parallel: each de-registers, which waits up to a few seconds when the
   * server is already gone.
   */
  private void stopModules() {
    int n = Math.max(1, Math.min(STOP_THREADS, members.size()));
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> daemon(r, "dfota-fleet-stop"));
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (Member m : members.values()) {
        all.add(CompletableFuture.runAsync(m.module::stop, pool));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
    } finally {
      pool.shutdown();
    }
  }

  @Override
  public int size() {
    return modules.size();
  }

  @Override
  public List<EmulatedModule> modules() {
    return modules;
  }

  @Override
  public Optional<EmulatedModule> module(String imei) {
    Member m = members.get(imei);
    return m == null ? Optional.empty() : Optional.of(m.module);
  }

  @Override
  public Optional<ModuleDriver> driver(String imei) {
    Member m = members.get(imei);
    return m == null ? Optional.empty() : Optional.ofNullable(m.driver);
  }

  @Override
  public Optional<InetSocketAddress> atAddress(String imei) {
    Member m = members.get(imei);
    AtServer s = m == null ? null : m.atServer;
    return s == null ? Optional.empty() : Optional.of(s.localAddress());
  }
}
