package io.dfota.emulator.internal;

import io.dfota.at.At;
import io.dfota.at.AtCommand;
import io.dfota.at.AtException;
import io.dfota.at.AtFramer;
import io.dfota.at.AtTransport;
import io.dfota.at.Ate;
import io.dfota.at.Cereg;
import io.dfota.at.Cfun;
import io.dfota.at.Cgatt;
import io.dfota.at.Cgmr;
import io.dfota.at.Cgsn;
import io.dfota.at.CmeErrorCode;
import io.dfota.at.Cmee;
import io.dfota.at.Cscon;
import io.dfota.at.FotaMode;
import io.dfota.at.HexPayload;
import io.dfota.at.InMemoryAtTransport;
import io.dfota.at.ModuleCodec;
import io.dfota.at.Ncdp;
import io.dfota.at.Nmgr;
import io.dfota.at.Nmgs;
import io.dfota.at.Nmstatus;
import io.dfota.at.Nnmi;
import io.dfota.at.Nqmgr;
import io.dfota.at.Nqmgs;
import io.dfota.at.Nrb;
import io.dfota.at.Nuestats;
import io.dfota.at.Qlwfotaind;
import io.dfota.at.Qlwsregind;
import io.dfota.at.Qlwuldata;
import io.dfota.at.QlwuldataEx;
import io.dfota.at.QlwuldataStatus;
import io.dfota.at.Qregswt;
import io.dfota.at.Qsecswt;
import io.dfota.at.Qsetpsk;
import io.dfota.at.UplinkMode;
import io.dfota.at.Urc;
import io.dfota.core.FirmwareEvent;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.FirmwareState;
import io.dfota.core.FirmwareStatus;
import io.dfota.core.RadioReport;
import io.dfota.core.RrcMode;
import io.dfota.core.Scheduler;
import io.dfota.core.Transition;
import io.dfota.core.UpdateResult;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Imei;
import io.dfota.emulator.ModuleModel;
import io.dfota.lwm2m.ClientListener;
import io.dfota.lwm2m.IntegrityCheck;
import io.dfota.lwm2m.LinkStats;
import io.dfota.lwm2m.Lwm2mClient;
import io.dfota.lwm2m.PackageStore;
import io.dfota.lwm2m.PreSharedKey;
import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.UpdateOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulated module: an AT command interpreter on the module-side codec, wired to a dfota-lwm2m
 * device-role client. Everything the module does (AT lines, LwM2M events, timers) runs in order on
 * one serial executor, so the printed lines follow the events' order.
 */
public final class ModuleImpl implements EmulatedModule {
  private static final Logger LOG = LoggerFactory.getLogger(ModuleImpl.class);

  /** Downlink buffer limit, bytes (protocol-notes §2.1: about 2 KB in the clone). */
  static final int MAX_DOWNLINK_BYTES = 2048;

  private static final String BASEBAND = "V150R100C10B200SP1";

  private final ModuleConfig cfg;
  private final Scheduler scheduler;
  private final @Nullable ScheduledExecutorService ownTimer;
  private final @Nullable ExecutorService ownExecutor;
  private final SerialExecutor serial;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtFramer framer = AtFramer.create();
  private final FaultPlan faults;

  // all below guarded by this
  private @Nullable AtTransport link;
  private int linkGeneration;
  private @Nullable Lwm2mClient client;
  private @Nullable LinkRelay relay;
  private boolean clientStarted;
  private boolean powered;
  private boolean stopped;
  private boolean silent;
  private boolean echo;
  private boolean numericErrors;
  private int regswt;
  private InetSocketAddress ncdp;
  private int cfun = 1;
  private int cgatt = 1;
  private int ceregN;
  private int csconN;
  private int nnmi;
  private RrcMode rrc = RrcMode.IDLE;
  private Scheduler.@Nullable Cancellable rrcTimer;
  private FotaMode fotaMode;
  private boolean fotaBusy;

  /** Whether {@code +QLWEVTIND:5} was printed for the current /5/0/3 observation. */
  private boolean fotaObservedShown;

  private boolean registered;
  private boolean deregistered;
  private boolean uplinkObserved;
  private boolean observedBeforeRegistered;
  private final ArrayDeque<byte[]> downlinks = new ArrayDeque<>();
  private int downlinkBytes;
  private int received;
  private int dropped;
  private int sent;
  private int sendErrors;
  private Urc.UplinkStatus uplinkStatus = new Urc.UplinkStatus(0, null);
  private String revision;
  private Urc.RebootCause nextBootCause = Urc.RebootCause.SECURITY_FOTA_UPGRADE;
  private boolean powerLossDone;
  private CompletableFuture<Void> powerBack = CompletableFuture.completedFuture(null);
  // manual mode
  private @Nullable String pendingUri;
  private CompletableFuture<Boolean> downloadDecision = CompletableFuture.completedFuture(true);
  private boolean awaitingUpdateDecision;
  private @Nullable Boolean updateDecision;
  private CompletableFuture<Boolean> updateDecisionFuture = new CompletableFuture<>();
  private boolean manualDownloadPending;
  private boolean manualUpdatePending;
  private boolean updateRejected;
  // download bookkeeping
  private int blockWrites;
  private @Nullable String toVersion;
  // DTLS (AT+QSECSWT, AT+QSETPSK; persistent settings, applied when the LwM2M client is built)
  private Qsecswt.Setting security = new Qsecswt.Setting(Qsecswt.PLAIN, null);
  private @Nullable PskCredential psk;

  /** Whether AT+NCDP gave no port (0): 5683 on CoAP, 5684 on CoAPS. */
  private boolean ncdpDefaultPort;

  /**
   * Creates the module (powered off).
   *
   * @param cfg the settings
   */
  public ModuleImpl(ModuleConfig cfg) {
    this(cfg, null);
  }

  /**
   * Creates the module (powered off) with DTLS preset, as if {@code AT+QSECSWT=1} and {@code
   * AT+QSETPSK} had been stored.
   *
   * @param cfg the settings
   * @param psk the PSK identity and key, or null for plain CoAP
   */
  public ModuleImpl(ModuleConfig cfg, @Nullable PskCredential psk) {
    this.cfg = cfg;
    if (psk != null) {
      this.psk = psk;
      this.security = new Qsecswt.Setting(Qsecswt.DTLS, null);
    }
    this.faults = cfg.faults();
    if (cfg.scheduler() != null) {
      this.scheduler = cfg.scheduler();
      this.ownTimer = null;
    } else {
      this.ownTimer =
          Executors.newSingleThreadScheduledExecutor(
              r -> daemon(r, "dfota-emulator-timer-" + cfg.imei()));
      this.scheduler = Scheduler.of(ownTimer);
    }
    Executor base = cfg.executor();
    if (base == null) {
      this.ownExecutor =
          Executors.newSingleThreadExecutor(r -> daemon(r, "dfota-emulator-" + cfg.imei()));
      base = ownExecutor;
    } else {
      this.ownExecutor = null;
    }
    this.serial = new SerialExecutor(base);
    this.echo = cfg.echo();
    this.numericErrors = cfg.numericErrors();
    this.regswt = cfg.autoRegister() ? 1 : 0;
    this.ncdp = cfg.server();
    this.fotaMode = cfg.fotaMode();
    this.revision = cfg.revision();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ------------------------------------------------------------------ accessors

  @Override
  public Imei imei() {
    return cfg.imei();
  }

  @Override
  public ModuleModel model() {
    return cfg.model();
  }

  @Override
  public synchronized String revision() {
    Lwm2mClient c = client;
    return c != null ? c.firmwareVersion() : revision;
  }

  @Override
  public synchronized FirmwareStatus firmwareStatus() {
    Lwm2mClient c = client;
    return c != null ? c.firmwareStatus() : FirmwareStatus.initial(Instant.EPOCH);
  }

  @Override
  public FaultPlan faults() {
    return faults;
  }

  @Override
  public synchronized boolean isPoweredOn() {
    return powered;
  }

  @Override
  public synchronized boolean isRegistered() {
    return registered;
  }

  @Override
  public synchronized Optional<InetSocketAddress> lwm2mAddress() {
    Lwm2mClient c = client;
    if (c == null || !clientStarted) {
      return Optional.empty();
    }
    return Optional.of(c.localAddress());
  }

  @Override
  public synchronized LinkStats linkStats() {
    LinkRelay r = relay;
    return r == null ? LinkStats.NONE : r.stats();
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public CompletableFuture<Void> start() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    serial.execute(
        () -> {
          try {
            boot(Urc.RebootCause.SECURITY_RESET_PIN).whenComplete(complete(done));
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  private static java.util.function.BiConsumer<@Nullable Void, @Nullable Throwable> complete(
      CompletableFuture<Void> done) {
    return (v, e) -> {
      if (e != null) {
        done.completeExceptionally(e);
      } else {
        done.complete(null);
      }
    };
  }

  /** Powers on from off: banner, then registration when automatic. On the serial executor. */
  private CompletableFuture<Void> boot(Urc.RebootCause cause) {
    Lwm2mClient c;
    boolean register;
    synchronized (this) {
      if (stopped) {
        return CompletableFuture.failedFuture(
            new io.dfota.emulator.EmulatorException("module " + cfg.imei() + ": stopped"));
      }
      if (powered) {
        return CompletableFuture.completedFuture(null);
      }
      powered = true;
      silent = false;
      print(ModuleCodec.formatBanner(cause), cause.line(), "Neul", "OK");
      if (client == null) {
        client = newClient();
      }
      c = client;
      register = regswt == 1 && !clientStarted && !dtlsWithoutKey();
      if (register) {
        clientStarted = true;
        traffic();
      }
    }
    return register ? c.start() : CompletableFuture.completedFuture(null);
  }

  /** The client's server: the real one, or a relay that plays the radio link's faults. */
  private InetSocketAddress lwm2mServer() {
    InetSocketAddress target = ncdp;
    if (security.dtls() && ncdpDefaultPort) {
      target = new InetSocketAddress(ncdp.getAddress(), DTLS_PORT);
    }
    if (faults.link().isPerfect() && faults.powerLossAt() == null) {
      return target;
    }
    LinkRelay r = new LinkRelay(target, faults.link());
    relay = r;
    return r.address();
  }

  private Lwm2mClient newClient() {
    return secured(Lwm2mClient.builder())
        .endpoint(cfg.imei().value())
        .server(lwm2mServer())
        .localAddress(cfg.local())
        .lifetime(cfg.lifetime())
        .model(cfg.model().modelName())
        .serial(cfg.imei().value())
        .firmwareVersion(revision)
        .radio(faults::radio)
        .packageStore(new EmulatorStore(PackageStore.inMemory(EmulatedPackage.MAX_PAYLOAD + 256)))
        .integrityCheck(
            new IntegrityCheck() {
              @Override
              public boolean verify(String uri, PackageStore store) {
                return refusal(uri, store).isEmpty();
              }

              @Override
              public Optional<UpdateResult> refusal(String uri, PackageStore store) {
                return check(uri, store);
              }
            })
        .updater(this::applyUpdate)
        .blockSize(cfg.blockSize())
        .scheduler(scheduler)
        .coapTiming(cfg.coapTiming())
        .requestTimeout(cfg.requestTimeout())
        .listener(new Events())
        .build();
  }

  /** The CoAPS port a module uses when AT+NCDP gave none (protocol-notes §2.3 "Other"). */
  private static final int DTLS_PORT = 5684;

  /** Adds the DTLS identity and key when AT+QSECSWT=1. */
  private Lwm2mClient.Builder secured(Lwm2mClient.Builder b) {
    PskCredential p = psk;
    return security.dtls() && p != null ? b.psk(p.identity(), p.key()) : b;
  }

  /**
   * Builds the LwM2M client again after a setting it is built with changed (AT+QSECSWT,
   * AT+QSETPSK); only before it first registered. Caller holds the lock.
   */
  private void rebuildClient() {
    if (client == null || clientStarted) {
      return;
    }
    LinkRelay r = relay;
    if (r != null) {
      r.stop();
      relay = null;
    }
    client = newClient();
  }

  /** DTLS is on without a PSK: the module cannot register (+QLWEVTIND:8). */
  private boolean dtlsWithoutKey() {
    return security.dtls() && psk == null;
  }

  @Override
  public void stop() {
    Lwm2mClient c;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      powered = false;
      c = client;
      cancelRrcTimer();
      downloadDecision.complete(false);
      updateDecisionFuture.complete(false);
      powerBack.complete(null);
    }
    if (c != null && clientStarted) {
      c.stop();
    }
    LinkRelay r;
    synchronized (this) {
      r = relay;
    }
    if (r != null) {
      r.stop();
    }
    AtTransport l;
    synchronized (this) {
      l = link;
      link = null;
    }
    if (l != null) {
      l.close();
    }
    if (ownTimer != null) {
      ownTimer.shutdownNow();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
  }

  // ------------------------------------------------------------------ AT link

  @Override
  public void attach(AtTransport transport) {
    int gen;
    synchronized (this) {
      gen = ++linkGeneration;
      link = transport;
      framer.reset();
    }
    transport.start(
        new AtTransport.Listener() {
          @Override
          public void onConnected() {}

          @Override
          public void onBytes(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            serial.execute(() -> input(gen, copy));
          }

          @Override
          public void onDisconnected(String reason, boolean willReconnect) {
            synchronized (ModuleImpl.this) {
              if (linkGeneration == gen) {
                link = null;
              }
            }
          }
        });
  }

  @Override
  public InMemoryAtTransport connectInMemory() {
    InMemoryAtTransport.Pair p = InMemoryAtTransport.pair();
    attach(p.module());
    return p.mcu();
  }

  private void input(int gen, byte[] bytes) {
    synchronized (this) {
      if (gen != linkGeneration || !powered || silent) {
        return;
      }
      framer.feed(
          bytes,
          0,
          bytes.length,
          new AtFramer.Sink() {
            @Override
            public void onLine(byte[] buffer, int offset, int length) {
              command(new String(buffer, offset, length, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void onError(AtException error) {
              LOG.debug("{}: framing error on the AT link: {}", cfg.imei(), error.getMessage());
            }
          });
    }
  }

  /** Writes text to the link and tells the listeners its lines. Caller holds the lock. */
  private void print(String text, String... lines) {
    AtTransport l = link;
    if (l != null && powered) {
      l.write(ByteBuffer.wrap(ModuleCodec.bytes(text)))
          .exceptionally(
              e -> {
                LOG.debug("{}: AT write failed: {}", cfg.imei(), e.getMessage());
                return null;
              });
    }
    for (String line : lines) {
      for (Listener li : listeners) {
        try {
          li.onLine(cfg.imei(), line);
        } catch (RuntimeException e) {
          LOG.warn("module listener failed", e);
        }
      }
    }
  }

  private void urc(Urc urc) {
    print(ModuleCodec.formatUrc(urc), urc.line());
  }

  private void urc(FirmwareIndication indication) {
    urc(Urc.Firmware.forIndication(indication));
  }

  private <R> void ok(AtCommand<R> command, R value) {
    List<String> lines = command.formatResponse(value);
    String[] all = new String[lines.size() + 1];
    for (int i = 0; i < lines.size(); i++) {
      all[i] = lines.get(i);
    }
    all[lines.size()] = "OK";
    print(ModuleCodec.formatOk(command, value), all);
  }

  private void ok() {
    print(ModuleCodec.frame("OK"), "OK");
  }

  private void error() {
    print(ModuleCodec.formatError(), "ERROR");
  }

  private void cme(CmeErrorCode code) {
    if (numericErrors) {
      print(ModuleCodec.formatCmeError(code.code()), "+CME ERROR:" + code.code());
    } else {
      error();
    }
  }

  // ------------------------------------------------------------------ commands

  /** Interprets one command line. Caller holds the lock. */
  private void command(String line) {
    if (line.isBlank()) {
      return;
    }
    if (echo) {
      print(line + ModuleCodec.CRLF, line);
    }
    ModuleCodec.Parsed parsed = ModuleCodec.parseCommand(line);
    if (parsed instanceof ModuleCodec.Unsupported) {
      error();
      return;
    }
    if (parsed instanceof ModuleCodec.Invalid inv) {
      LOG.debug("{}: invalid command {}: {}", cfg.imei(), Qsetpsk.redact(line), inv.reason());
      cme(CmeErrorCode.INCORRECT_PARAMETERS);
      return;
    }
    AtCommand<?> c = ((ModuleCodec.Known) parsed).command();
    if (c.sendsData() && fotaBusy) {
      cme(CmeErrorCode.DURING_FOTA_UPDATING);
      return;
    }
    if (c instanceof At) {
      ok();
    } else if (c instanceof Ate e) {
      echo = e.echo();
      ok();
    } else if (c instanceof Cmee m) {
      if (m.n() < 0 || m.n() > 1) {
        cme(CmeErrorCode.INCORRECT_PARAMETERS);
        return;
      }
      numericErrors = m.n() == 1;
      ok();
    } else if (c instanceof Cgsn g) {
      ok(g, cfg.imei().value());
    } else if (c instanceof Cgmr g) {
      ok(
          g,
          new Cgmr.Revision(
              List.of(
                  "SECURITY," + BASEBAND,
                  "PROTOCOL," + BASEBAND,
                  "APPLICATION," + BASEBAND,
                  "Revision:" + revision())));
    } else if (c instanceof Ncdp.Set s) {
      ncdpDefaultPort = s.server().port() == 0;
      ncdp =
          new InetSocketAddress(
              s.server().address(), s.server().port() == 0 ? Ncdp.DEFAULT_PORT : s.server().port());
      ok();
    } else if (c instanceof Ncdp.Query q) {
      ok(q, new Ncdp.Server(ncdp.getHostString(), ncdp.getPort()));
    } else if (c instanceof Qregswt.Set s) {
      if (s.n() < 0 || s.n() > 2) {
        cme(CmeErrorCode.INCORRECT_PARAMETERS);
        return;
      }
      regswt = s.n();
      ok();
    } else if (c instanceof Qregswt.Query q) {
      ok(q, regswt);
    } else if (c instanceof Qlwsregind r) {
      registration(r);
    } else if (c instanceof Qlwuldata u) {
      uplink(u.data(), UplinkMode.NON, u.seq());
    } else if (c instanceof QlwuldataEx u) {
      uplink(u.data(), u.mode(), u.seq());
    } else if (c instanceof Nmgs u) {
      uplink(u.data(), UplinkMode.NON, u.seq());
    } else if (c instanceof QlwuldataStatus q) {
      ok(q, uplinkStatus);
    } else if (c instanceof Nnmi.Set s) {
      nnmi = s.n();
      ok();
    } else if (c instanceof Nnmi.Query q) {
      ok(q, nnmi);
    } else if (c instanceof Nmgr g) {
      byte[] d = downlinks.poll();
      if (d != null) {
        downlinkBytes -= d.length;
      }
      ok(g, d == null ? Optional.<HexPayload>empty() : Optional.of(HexPayload.of(d)));
    } else if (c instanceof Nqmgr q) {
      ok(q, new Nqmgr.Counters(downlinks.size(), received, dropped));
    } else if (c instanceof Nqmgs q) {
      ok(q, new Nqmgs.Counters(0, sent, sendErrors));
    } else if (c instanceof Nmstatus q) {
      ok(q, nmstatus());
    } else if (c instanceof Qlwfotaind.Set s) {
      fotaInd(s.mode());
    } else if (c instanceof Qlwfotaind.Query q) {
      ok(q, fotaMode);
    } else if (c instanceof Cscon.Set s) {
      csconN = s.n();
      ok();
    } else if (c instanceof Cscon.Query q) {
      ok(q, new Cscon.Status(csconN, rrc));
    } else if (c instanceof Cereg.Set s) {
      ceregN = s.n();
      ok();
    } else if (c instanceof Cereg.Query q) {
      ok(q, new Cereg.Status(ceregN, attached() ? 1 : 0));
    } else if (c instanceof Nuestats q) {
      ok(q, nuestats());
    } else if (c instanceof Nrb) {
      // timer first: the MCU may move the clock as soon as it sees REBOOTING
      reboot(Urc.RebootCause.APPLICATION_AT);
      print(ModuleCodec.frame(Nrb.REBOOTING), Nrb.REBOOTING);
    } else if (c instanceof Cfun.Set s) {
      if (s.n() != 0 && s.n() != 1) {
        cme(CmeErrorCode.INCORRECT_PARAMETERS);
        return;
      }
      cfun = s.n();
      if (cfun == 0) {
        cgatt = 0;
      }
      ok();
    } else if (c instanceof Cfun.Query q) {
      ok(q, cfun);
    } else if (c instanceof Cgatt.Set s) {
      if (cfun == 0 && s.n() == 1) {
        cme(CmeErrorCode.MINIMAL_FUNCTION_MODE);
        return;
      }
      cgatt = s.n();
      ok();
    } else if (c instanceof Cgatt.Query q) {
      ok(q, cgatt);
    } else if (c instanceof Qsecswt.Set s) {
      if (clientStarted) {
        cme(CmeErrorCode.OPERATION_NOT_ALLOWED);
        return;
      }
      security = s.setting();
      rebuildClient();
      ok();
    } else if (c instanceof Qsecswt.Query q) {
      ok(q, security);
    } else if (c instanceof Qsetpsk.Set s) {
      if (clientStarted) {
        cme(CmeErrorCode.OPERATION_NOT_ALLOWED);
        return;
      }
      psk =
          new PskCredential(
              s.identityIsImei() ? cfg.imei().value() : s.identity(),
              cfg.imei().value(),
              PreSharedKey.of(s.key()));
      rebuildClient();
      ok();
    } else if (c instanceof Qsetpsk.Query q) {
      PskCredential p = psk;
      ok(q, p == null ? Qsetpsk.IMEI : p.identity());
    } else {
      error();
    }
  }

  private boolean attached() {
    return cfun == 1 && cgatt == 1;
  }

  private String nmstatus() {
    if (registered && uplinkObserved) {
      return Nmstatus.MO_DATA_ENABLED;
    }
    if (registered) {
      return "REGISTERED";
    }
    if (deregistered) {
      return "DEREGISTERED";
    }
    return clientStarted ? "REGISTERING" : "UNINITIALISED";
  }

  private Nuestats.Stats nuestats() {
    RadioReport r = faults.radio();
    Map<String, Long> m = new LinkedHashMap<>();
    long rsrp = r.rsrpDbm() == null ? -1000 : r.rsrpDbm() * 10L;
    long sinr = r.sinrDb() == null ? 0 : r.sinrDb() * 10L;
    m.put("Signal power", rsrp);
    m.put("Total power", rsrp + 100);
    m.put("TX power", 230L);
    m.put("TX time", 1200L);
    m.put("RX time", 34000L);
    m.put("Cell ID", r.cellId() == null ? 0 : r.cellId());
    m.put("ECL", rsrp >= -1050 ? 0L : rsrp >= -1150 ? 1L : 2L);
    m.put("SNR", sinr);
    m.put("EARFCN", 2506L);
    m.put("PCI", 105L);
    m.put("RSRQ", -108L);
    return new Nuestats.Stats(m);
  }

  private void registration(Qlwsregind r) {
    Lwm2mClient c = client;
    if (regswt == 2 || c == null) {
      cme(CmeErrorCode.OPERATION_NOT_SUPPORTED);
      return;
    }
    if (r.type() == 0) {
      ok();
      if (!clientStarted && dtlsWithoutKey()) {
        LOG.info("{}: DTLS is on without a PSK (AT+QSETPSK): not registering", cfg.imei());
        urc(Urc.LwEvent.of(8));
        return;
      }
      traffic();
      if (!clientStarted) {
        clientStarted = true;
        c.start().exceptionally(this::logFailure);
      } else if (!registered) {
        c.updateRegistration().exceptionally(this::logFailure);
      }
    } else if (r.type() == 1) {
      if (fotaBusy) {
        cme(CmeErrorCode.DURING_FOTA_UPDATING);
        return;
      }
      ok();
      if (registered) {
        traffic();
        c.deregister().exceptionally(this::logFailure);
      }
    } else {
      cme(CmeErrorCode.INCORRECT_PARAMETERS);
    }
  }

  private @Nullable Void logFailure(Throwable e) {
    LOG.debug("{}: LwM2M operation failed: {}", cfg.imei(), e.getMessage());
    return null;
  }

  private void uplink(HexPayload data, UplinkMode mode, @Nullable Integer seq) {
    Lwm2mClient c = client;
    if (regswt == 2 || c == null) {
      cme(CmeErrorCode.OPERATION_NOT_SUPPORTED);
      return;
    }
    if (!attached()) {
      cme(cfun == 0 ? CmeErrorCode.MINIMAL_FUNCTION_MODE : CmeErrorCode.NO_NETWORK_SERVICE);
      return;
    }
    if (!registered) {
      // protocol-notes §2.3: the uplink triggers the registration and the data is discarded
      cme(CmeErrorCode.TUP_NOT_REGISTERED);
      traffic();
      if (!clientStarted) {
        clientStarted = true;
        c.start().exceptionally(this::logFailure);
      } else {
        c.updateRegistration().exceptionally(this::logFailure);
      }
      return;
    }
    // radio state and timer before OK (the MCU may move the clock as soon as it sees OK), the
    // +CSCON report after it, as in the seed's registration transcript
    boolean wasIdle = rrc == RrcMode.IDLE;
    rrc = RrcMode.CONNECTED;
    armRrcTimer();
    ok();
    if (wasIdle && csconN == 1) {
      urc(Urc.Cscon.CONNECTED);
    }
    boolean delivered = c.sendUplink(data.bytes());
    boolean con = mode == UplinkMode.CON || mode == UplinkMode.CON_RELEASE_AFTER_ACK;
    if (delivered) {
      sent++;
    } else {
      sendErrors++;
    }
    if (con) {
      uplinkStatus = new Urc.UplinkStatus(delivered ? 4 : 5, seq);
    }
    if (mode == UplinkMode.NON_RELEASE || mode == UplinkMode.CON_RELEASE_AFTER_ACK) {
      releaseRrc();
    }
  }

  private void fotaInd(FotaMode mode) {
    Lwm2mClient c = client;
    FirmwareState state = c == null ? FirmwareState.IDLE : c.firmwareStatus().state();
    switch (mode) {
      case AUTOMATIC, MANUAL -> {
        if (state != FirmwareState.IDLE || pendingUri != null || fotaBusy) {
          cme(CmeErrorCode.OPERATION_NOT_ALLOWED);
          return;
        }
        fotaMode = mode;
        ok();
      }
      case ACCEPT_DOWNLOAD, REJECT_DOWNLOAD -> {
        if (fotaMode != FotaMode.MANUAL || !manualDownloadPending) {
          cme(CmeErrorCode.OPERATION_NOT_ALLOWED);
          return;
        }
        ok();
        manualDownloadPending = false;
        pendingUri = null;
        boolean accept = mode == FotaMode.ACCEPT_DOWNLOAD;
        if (accept) {
          fotaBusy = true;
          urc(FirmwareIndication.DOWNLOADING);
        }
        downloadDecision.complete(accept);
      }
      case ACCEPT_UPDATE, REJECT_UPDATE -> {
        if (fotaMode != FotaMode.MANUAL || !awaitingUpdateDecision) {
          cme(CmeErrorCode.OPERATION_NOT_ALLOWED);
          return;
        }
        ok();
        awaitingUpdateDecision = false;
        boolean accept = mode == FotaMode.ACCEPT_UPDATE;
        updateDecision = accept;
        updateRejected = !accept;
        if (manualUpdatePending) {
          manualUpdatePending = false;
          if (accept) {
            urc(FirmwareIndication.UPDATING);
            silent = true;
          }
        }
        updateDecisionFuture.complete(accept);
      }
    }
  }

  // ------------------------------------------------------------------ RRC

  /** Traffic on the radio: RRC connected, inactivity timer re-armed. Caller holds the lock. */
  private void traffic() {
    if (rrc == RrcMode.IDLE) {
      rrc = RrcMode.CONNECTED;
      if (csconN == 1) {
        urc(Urc.Cscon.CONNECTED);
      }
    }
    armRrcTimer();
  }

  private void armRrcTimer() {
    cancelRrcTimer();
    rrcTimer = scheduler.schedule(cfg.rrcInactivity(), () -> serial.execute(this::rrcTimeout));
  }

  private void cancelRrcTimer() {
    Scheduler.Cancellable t = rrcTimer;
    if (t != null) {
      t.cancel();
      rrcTimer = null;
    }
  }

  private synchronized void rrcTimeout() {
    if (stopped) {
      return;
    }
    if (fotaBusy || !powered) {
      armRrcTimer();
      return;
    }
    rrcTimer = null;
    goIdle();
  }

  private void releaseRrc() {
    if (fotaBusy) {
      return;
    }
    cancelRrcTimer();
    goIdle();
  }

  private void goIdle() {
    if (rrc == RrcMode.CONNECTED) {
      rrc = RrcMode.IDLE;
      if (csconN == 1 && powered && !silent) {
        urc(Urc.Cscon.IDLE);
      }
    }
  }

  // ------------------------------------------------------------------ reboots and power

  /** Restarts the module (AT+NRB): banner after the reboot time, T11, re-registration. */
  private void reboot(Urc.RebootCause cause) {
    silent = true;
    nextBootCause = cause;
    Runnable r =
        () -> {
          Lwm2mClient c;
          synchronized (this) {
            c = client;
            if (stopped || c == null) {
              return;
            }
            if (!clientStarted) {
              silent = false;
              print(ModuleCodec.formatBanner(cause), cause.line(), "Neul", "OK");
              return;
            }
          }
          c.reboot().exceptionally(this::logFailure);
        };
    if (cfg.rebootTime().isZero()) {
      serial.execute(r);
    } else {
      scheduler.schedule(cfg.rebootTime(), () -> serial.execute(r));
    }
  }

  /** The module loses power: it stops answering until the power-off time has passed. */
  private synchronized CompletableFuture<Void> powerLoss() {
    if (powerLossDone || stopped) {
      return powerBack;
    }
    powerLossDone = true;
    powerBack = new CompletableFuture<>();
    CompletableFuture<Void> back = powerBack;
    // on the serial executor, so that the URC of the stage is printed before the power goes
    serial.execute(
        () -> {
          synchronized (this) {
            if (stopped) {
              back.complete(null);
              return;
            }
            LOG.info("{}: power lost for {}", cfg.imei(), faults.powerOffTime());
            powered = false;
            framer.reset();
            cancelRrcTimer();
            rrc = RrcMode.IDLE;
            LinkRelay r = relay;
            if (r != null) {
              r.down(true);
            }
            scheduler.schedule(
                faults.powerOffTime(),
                () ->
                    serial.execute(
                        () -> {
                          if (r != null) {
                            r.down(false);
                          }
                          back.complete(null);
                        }));
          }
        });
    return back;
  }

  private synchronized boolean powerLossDone() {
    return powerLossDone;
  }

  /** Power came back while no update hook waits: boot with the reset-pin banner and T11. */
  private void powerOnAfterLoss() {
    Lwm2mClient c;
    synchronized (this) {
      if (stopped) {
        return;
      }
      powered = true;
      silent = true;
      nextBootCause = Urc.RebootCause.SECURITY_RESET_PIN;
      c = client;
    }
    if (c != null) {
      c.reboot().exceptionally(this::logFailure);
    }
  }

  // ------------------------------------------------------------------ LwM2M side hooks

  /** The integrity hook: QDFE check against the running version (docs/emulator.md). */
  private Optional<UpdateResult> check(String uri, PackageStore store) {
    byte[] bin;
    try {
      long size = store.size();
      if (size > EmulatedPackage.MAX_PAYLOAD + 256L) {
        return Optional.of(UpdateResult.INTEGRITY_FAILURE);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      long off = 0;
      while (buf.hasRemaining()) {
        int n = store.read(off, buf);
        if (n <= 0) {
          break;
        }
        off += n;
      }
      bin = buf.array();
    } catch (IOException e) {
      LOG.info("{}: reading the package failed: {}", cfg.imei(), e.getMessage());
      return Optional.of(UpdateResult.INTEGRITY_FAILURE);
    }
    if (faults.corruptPackage() && bin.length > 0) {
      bin[bin.length - 1] ^= 0x5A;
    }
    EmulatedPackage.Check check = EmulatedPackage.check(bin, revision());
    if (check instanceof EmulatedPackage.Check.Valid v) {
      synchronized (this) {
        toVersion = v.pkg().toVersion();
      }
      return Optional.empty();
    }
    EmulatedPackage.Check.Invalid inv = (EmulatedPackage.Check.Invalid) check;
    LOG.info("{}: package {} refused: {} ({})", cfg.imei(), uri, inv.reason(), inv.result());
    return Optional.of(inv.result());
  }

  /** The update hook: simulated flashing, manual-mode gate, fault plan. On the client's worker. */
  private UpdateOutcome applyUpdate(String uri, PackageStore store) {
    CompletableFuture<Boolean> decision;
    synchronized (this) {
      decision = fotaMode == FotaMode.MANUAL ? updateDecisionFuture : null;
    }
    if (decision != null) {
      boolean accepted = await(decision, false);
      synchronized (this) {
        updateDecisionFuture = new CompletableFuture<>();
        updateDecision = null;
      }
      if (!accepted) {
        return new UpdateOutcome.Failure(UpdateResult.UPDATE_FAILED, false, false);
      }
    }
    CompletableFuture<Void> offSinceDownloaded;
    synchronized (this) {
      offSinceDownloaded = powerBack;
    }
    if (!offSinceDownloaded.isDone()) {
      // power was lost in DOWNLOADED and the platform executed the update meanwhile
      await(offSinceDownloaded, null);
      synchronized (this) {
        nextBootCause = Urc.RebootCause.SECURITY_RESET_PIN;
      }
      return new UpdateOutcome.Failure(UpdateResult.UPDATE_FAILED, true, true);
    }
    if (faults.powerLossAt() == FirmwareState.UPDATING && !powerLossDone()) {
      // the power goes once: a later update (the platform's retry) runs normally
      await(powerLoss(), null);
      synchronized (this) {
        powered = true;
        nextBootCause = Urc.RebootCause.SECURITY_RESET_PIN;
      }
      return new UpdateOutcome.Failure(UpdateResult.UPDATE_FAILED, true, true);
    }
    if (!cfg.rebootTime().isZero()) {
      CompletableFuture<Void> flashed = new CompletableFuture<>();
      scheduler.schedule(cfg.rebootTime(), () -> flashed.complete(null));
      await(flashed, null);
    }
    synchronized (this) {
      nextBootCause = Urc.RebootCause.SECURITY_FOTA_UPGRADE;
      if (faults.failUpdate()) {
        return new UpdateOutcome.Failure(UpdateResult.UPDATE_FAILED, true, true);
      }
      String to = toVersion;
      return new UpdateOutcome.Success(to, true);
    }
  }

  private static <T> T await(CompletableFuture<T> f, T onInterrupt) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return onInterrupt;
    } catch (ExecutionException e) {
      return onInterrupt;
    }
  }

  /** Wraps the client's package store: manual-mode gate, block fault, power loss mid-download. */
  private final class EmulatorStore implements PackageStore {
    private final PackageStore delegate;

    EmulatorStore(PackageStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public long capacity() {
      return delegate.capacity();
    }

    @Override
    public void clear() {
      delegate.clear();
    }

    @Override
    public void write(long offset, ByteBuffer block) throws IOException {
      CompletableFuture<Boolean> gate;
      int k;
      synchronized (ModuleImpl.this) {
        gate = downloadDecision;
        k = blockWrites++;
      }
      if (!await(gate, false)) {
        throw new IOException("download rejected by the MCU (AT+QLWFOTAIND=3)");
      }
      Integer failAt = faults.failDownloadAtBlock();
      if (failAt != null && k == failAt) {
        throw new IOException("fault plan: download fails at block " + k);
      }
      if (faults.powerLossAt() == FirmwareState.DOWNLOADING) {
        CompletableFuture<Void> back = powerLoss();
        boolean waited = !back.isDone();
        await(back, null);
        if (waited) {
          powerOnAfterLoss();
          throw new IOException("power lost during the download");
        }
      }
      delegate.write(offset, block);
    }

    @Override
    public long size() {
      return delegate.size();
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
      return delegate.read(offset, dst);
    }
  }

  /** The LwM2M client's events, turned into URCs on the serial executor. */
  private final class Events implements ClientListener {
    @Override
    public void onRegistered(String location) {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              registered = true;
              deregistered = false;
              if (!powered) {
                return;
              }
              traffic();
              urc(Urc.LwEvent.of(0));
              if (observedBeforeRegistered) {
                // the platform's observe overtook the 2.01 on the client's threads
                observedBeforeRegistered = false;
                urc(Urc.LwEvent.of(3));
              }
            }
          });
    }

    @Override
    public void onRegistrationUpdated() {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              traffic();
              urc(Urc.LwEvent.of(2));
            }
          });
    }

    @Override
    public void onDeregistered() {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              registered = false;
              uplinkObserved = false;
              deregistered = true;
              urc(Urc.LwEvent.of(1));
            }
          });
    }

    @Override
    public void onRegistrationFailed(String reason) {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              LOG.info("{}: registration failed: {}", cfg.imei(), reason);
              urc(Urc.LwEvent.of(8));
            }
          });
    }

    @Override
    public void onUplinkObserved() {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              uplinkObserved = true;
              traffic();
              if (!registered) {
                observedBeforeRegistered = true;
                return;
              }
              urc(Urc.LwEvent.of(3));
            }
          });
    }

    @Override
    public void onUplinkObservationCancelled() {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              uplinkObserved = false;
              urc(Urc.LwEvent.of(9));
            }
          });
    }

    @Override
    public void onFirmwareObserved() {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              traffic();
              if (!fotaObservedShown) { // may already be shown ahead of the URI write
                fotaObservedShown = true;
                urc(Urc.LwEvent.of(5));
              }
            }
          });
    }

    @Override
    public void onFirmwareObservationCancelled() {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              traffic();
              fotaObservedShown = false;
              if (!faults.suppressOver()) {
                urc(FirmwareIndication.UPDATE_OVER);
              }
            }
          });
    }

    @Override
    public void onPackageUriReceived(String uri) {
      synchronized (ModuleImpl.this) {
        blockWrites = 0;
        toVersion = null;
        if (fotaMode == FotaMode.MANUAL) {
          pendingUri = uri;
          manualDownloadPending = true;
          downloadDecision = new CompletableFuture<>();
        } else {
          downloadDecision = CompletableFuture.completedFuture(true);
        }
      }
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              traffic();
              if (!fotaObservedShown) {
                fotaObservedShown = true;
                urc(Urc.LwEvent.of(5));
              }
              if (fotaMode == FotaMode.MANUAL) {
                urc(Urc.LwEvent.of(6));
              }
            }
          });
    }

    @Override
    public void onFirmwareTransition(Transition.Accepted t) {
      boolean defer = false;
      if (t.event() instanceof FirmwareEvent.UpdateExecuted) {
        synchronized (ModuleImpl.this) {
          // manual mode: UPDATING is printed when the MCU accepts (now, or already did)
          if (fotaMode == FotaMode.MANUAL && !Boolean.TRUE.equals(updateDecision)) {
            defer = true;
            manualUpdatePending = updateDecision == null;
          }
        }
      }
      boolean deferUpdating = defer;
      serial.execute(() -> transition(t, deferUpdating));
    }

    @Override
    public void onDownlink(byte[] data) {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              downlink(data);
            }
          });
    }

    @Override
    public void onRebooted() {
      serial.execute(
          () -> {
            synchronized (ModuleImpl.this) {
              registered = false;
              uplinkObserved = false;
              observedBeforeRegistered = false;
              powered = true;
              silent = false;
              framer.reset();
              Urc.RebootCause cause = nextBootCause;
              nextBootCause = Urc.RebootCause.SECURITY_FOTA_UPGRADE;
              print(ModuleCodec.formatBanner(cause), cause.line(), "Neul", "OK");
            }
          });
    }
  }

  /** Prints the firmware URC of an Object 5 transition (protocol-notes §2.4). */
  private synchronized void transition(Transition.Accepted t, boolean deferUpdating) {
    FirmwareEvent e = t.event();
    FirmwareState before = t.before().state();
    FirmwareState after = t.status().state();
    traffic();
    if (e instanceof FirmwareEvent.PackageUriWritten w && !w.uri().isEmpty()) {
      if (!fotaObservedShown) {
        // The platform observes /5/0/3 before it writes the URI (protocol-notes §4.2), but the
        // client may report the observation a moment after the write: keep the seed's order.
        fotaObservedShown = true;
        urc(Urc.LwEvent.of(5));
      }
      if (fotaMode != FotaMode.MANUAL) {
        fotaBusy = true;
        urc(FirmwareIndication.DOWNLOADING);
      }
    } else if (e instanceof FirmwareEvent.DownloadFailed) {
      boolean wasBusy = fotaBusy;
      fotaBusy = false;
      manualDownloadPending = false;
      pendingUri = null;
      if (wasBusy) {
        urc(FirmwareIndication.DOWNLOAD_FAILED);
      }
    } else if (e instanceof FirmwareEvent.DownloadCompleted) {
      urc(FirmwareIndication.DOWNLOADED);
      if (fotaMode == FotaMode.MANUAL) {
        awaitingUpdateDecision = true;
        urc(Urc.LwEvent.of(7));
      }
      if (faults.powerLossAt() == FirmwareState.DOWNLOADED) {
        CompletableFuture<Void> back = powerLoss();
        back.thenRun(
            () -> {
              if (!updateHookWaiting()) {
                powerOnAfterLoss();
              }
            });
      }
    } else if (e instanceof FirmwareEvent.UpdateExecuted) {
      if (!deferUpdating) {
        urc(FirmwareIndication.UPDATING);
        silent = true;
      }
    } else if (e instanceof FirmwareEvent.UpdateSucceeded) {
      fotaBusy = false;
      urc(FirmwareIndication.UPDATE_SUCCESS);
    } else if (e instanceof FirmwareEvent.UpdateFailed) {
      boolean rejected = updateRejected;
      updateRejected = false;
      fotaBusy = false;
      awaitingUpdateDecision = false;
      manualUpdatePending = false;
      if (!rejected) {
        urc(FirmwareIndication.UPDATE_FAILED);
      }
    } else if (e instanceof FirmwareEvent.Rebooted) {
      if (before == FirmwareState.DOWNLOADING && after == FirmwareState.IDLE) {
        fotaBusy = false;
      }
    }
  }

  private synchronized boolean updateHookWaiting() {
    Lwm2mClient c = client;
    return c != null && c.firmwareStatus().state() == FirmwareState.UPDATING;
  }

  private void downlink(byte[] data) {
    received++;
    traffic();
    if (nnmi == 1) {
      urc(new Urc.Nnmi(HexPayload.of(data)));
      return;
    }
    if (downlinkBytes + data.length > MAX_DOWNLINK_BYTES) {
      dropped++;
      return;
    }
    downlinks.add(data);
    downlinkBytes += data.length;
    if (nnmi == 2) {
      urc(Urc.Nnmi.INDICATION);
    }
  }

  @Override
  public String toString() {
    return "EmulatedModule[" + cfg.imei() + ", " + cfg.model() + "]";
  }
}
