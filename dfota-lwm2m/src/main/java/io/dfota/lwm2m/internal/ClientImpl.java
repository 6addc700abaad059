package io.dfota.lwm2m.internal;

import io.dfota.core.FirmwareEvent;
import io.dfota.core.FirmwareState;
import io.dfota.core.FirmwareStatus;
import io.dfota.core.FirmwareUpdateMachine;
import io.dfota.core.FotaOperationException;
import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.core.Transition;
import io.dfota.core.UpdateResult;
import io.dfota.lwm2m.ClientListener;
import io.dfota.lwm2m.Lwm2mClient;
import io.dfota.lwm2m.Lwm2mContent;
import io.dfota.lwm2m.Lwm2mException;
import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.UpdateOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device-role LwM2M client on Californium. */
public final class ClientImpl implements Lwm2mClient {
  private static final Logger LOG = LoggerFactory.getLogger(ClientImpl.class);

  /** Largest uplink payload (protocol-notes §2.1, Q3). */
  static final int MAX_UPLINK = 1024;

  /** Registration updates are sent when this fraction of the lifetime has passed. */
  private static final double UPDATE_AT = 0.8;

  /** How long {@link #stop()} waits for the de-registration to be acknowledged. */
  private static final java.time.Duration STOP_DEREGISTER_WAIT = java.time.Duration.ofSeconds(5);

  /** An ETag change mid-download restarts the download at most this often. */
  private static final int MAX_RESTARTS = 2;

  private final ClientConfig cfg;
  private final Scheduler scheduler;
  private final @Nullable ScheduledExecutorService ownTimer;
  private final ExecutorService worker;
  private final List<ClientListener> listeners;
  private final FirmwareUpdateMachine machine;
  private final Configuration coapConfig;

  private @Nullable CoapServer server;
  private @Nullable CoapEndpoint endpoint;
  private @Nullable LeafNode stateNode;
  private @Nullable LeafNode uplinkNode;

  // guarded by this
  private @Nullable String location;
  private Scheduler.@Nullable Cancellable updateTimer;
  private volatile String firmwareVersion;
  private boolean packageVerified;
  private @Nullable Resume resume;
  private int downloadGeneration;

  /** False after an explicit de-registration: no update retries then. */
  private boolean wantRegistered;

  /** Removals of /19/0/0 relations caused by a reboot, which are not reported as cancels. */
  private int silentRemovals;

  private volatile byte[] uplinkData = new byte[0];

  /** The in-RAM resume record of an interrupted download (protocol-notes §3.4, P11). */
  private record Resume(String uri, @Nullable String etagHex, long offset, int szx) {}

  /** The DTLS identity and key; null for plain CoAP. */
  private final @Nullable PskCredential psk;

  /**
   * Creates the client on plain CoAP.
   *
   * @param cfg the settings
   */
  public ClientImpl(ClientConfig cfg) {
    this(cfg, null);
  }

  /**
   * Creates the client.
   *
   * @param cfg the settings
   * @param psk the DTLS PSK identity and key for CoAPS, or null for plain CoAP
   */
  public ClientImpl(ClientConfig cfg, @Nullable PskCredential psk) {
    this.cfg = cfg;
    this.psk = psk;
    if (cfg.scheduler() != null) {
      this.scheduler = cfg.scheduler();
      this.ownTimer = null;
    } else {
      this.ownTimer =
          Executors.newSingleThreadScheduledExecutor(
              r -> daemon(r, "dfota-lwm2m-client-timer-" + cfg.endpoint()));
      this.scheduler = Scheduler.of(ownTimer);
    }
    this.worker =
        Executors.newSingleThreadExecutor(r -> daemon(r, "dfota-lwm2m-client-" + cfg.endpoint()));
    this.listeners = new CopyOnWriteArrayList<>(cfg.listeners());
    this.firmwareVersion = cfg.firmwareVersion();
    this.machine = FirmwareUpdateMachine.builder().listener(this::onTransition).build();
    this.coapConfig = CoapSupport.configuration(cfg.coapTiming(), 1);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public synchronized CompletableFuture<Void> start() {
    if (server != null) {
      throw new Lwm2mException("client " + cfg.endpoint() + ": already started");
    }
    CoapEndpoint.Builder builder =
        new CoapEndpoint.Builder()
            .setConfiguration(coapConfig)
            .setLoggingTag("client-" + cfg.endpoint());
    PskCredential credential = psk;
    if (credential != null) {
      builder.setConnector(DtlsSupport.client(coapConfig, cfg.local(), credential));
    } else {
      builder.setInetSocketAddress(cfg.local());
    }
    CoapEndpoint ep = builder.build();
    CoapServer s = new CoapServer(coapConfig);
    s.addEndpoint(ep);
    buildObjects(s);
    s.start();
    this.server = s;
    this.endpoint = ep;
    LOG.info("LwM2M client {} bound to {}", cfg.endpoint(), ep.getAddress());
    return register();
  }

  @Override
  public void stop() {
    CoapServer s;
    boolean registered;
    synchronized (this) {
      s = server;
      if (s == null) {
        return;
      }
      registered = location != null;
    }
    if (registered) {
      try {
        deregister().get(STOP_DEREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("de-registration of {} failed on stop", cfg.endpoint(), e);
      }
    }
    synchronized (this) {
      cancelUpdateTimer();
      downloadGeneration++;
      server = null;
      endpoint = null;
    }
    s.destroy();
    worker.shutdownNow();
    if (ownTimer != null) {
      ownTimer.shutdownNow();
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    CoapEndpoint ep = endpoint;
    if (ep == null) {
      throw new Lwm2mException("client " + cfg.endpoint() + ": not started (expected: start())");
    }
    return ep.getAddress();
  }

  @Override
  public void addListener(ClientListener listener) {
    listeners.add(listener);
  }

  @Override
  public synchronized boolean isRegistered() {
    return location != null;
  }

  @Override
  public FirmwareStatus firmwareStatus() {
    return machine.status();
  }

  @Override
  public String firmwareVersion() {
    return firmwareVersion;
  }

  private void emit(Consumer<ClientListener> event) {
    for (ClientListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("client listener failed", e);
      }
    }
  }

  // ---------------------------------------------------------------- registration

  private CompletableFuture<Void> register() {
    synchronized (this) {
      wantRegistered = true;
    }
    Request req = Request.newPost();
    req.setConfirmable(true);
    req.setDestinationContext(new AddressEndpointContext(cfg.server()));
    req.getOptions().setUriPath("rd");
    req.getOptions().addUriQuery("ep=" + cfg.endpoint());
    req.getOptions().addUriQuery("lt=" + cfg.lifetime().getSeconds());
    req.getOptions().addUriQuery("b=U");
    req.getOptions().addUriQuery("lwm2m=1.0");
    req.getOptions().setContentFormat(40);
    req.setPayload(LinkFormat.encode(List.of("/3/0", "/4/0", "/5/0", "/19/0", "/19/1")));
    return send(req, "register " + cfg.endpoint())
        .thenAccept(
            r -> {
              if (r.getCode() != ResponseCode.CREATED) {
                String reason = "registration answered " + r.getCode();
                emit(l -> l.onRegistrationFailed(reason));
                throw new FotaOperationException(FotaOperationException.Failure.REJECTED, reason);
              }
              String loc = "/" + r.getOptions().getLocationPathString();
              synchronized (this) {
                location = loc;
                scheduleUpdate();
              }
              LOG.info("LwM2M client {} registered at {}", cfg.endpoint(), loc);
              emit(l -> l.onRegistered(loc));
            })
        .whenComplete(
            (v, e) -> {
              if (e != null
                  && !(e.getCause() instanceof FotaOperationException f
                      && f.failure() == FotaOperationException.Failure.REJECTED)) {
                emit(l -> l.onRegistrationFailed(String.valueOf(e.getMessage())));
                // no answer (the server is down or restarting): try again after a tenth of the
                // lifetime, as after a failed update, instead of staying unregistered for good
                synchronized (this) {
                  if (server != null && wantRegistered && location == null) {
                    scheduleUpdate(Math.max(1000, cfg.lifetime().toMillis() / 10));
                  }
                }
              }
            });
  }

  private CompletableFuture<Response> send(Request req, String what) {
    CoapEndpoint ep = endpoint;
    if (ep == null) {
      return CompletableFuture.failedFuture(
          new FotaOperationException(
              FotaOperationException.Failure.UNREACHABLE, what + ": client not started"));
    }
    return CoapSupport.send(ep, req, scheduler, cfg.requestTimeout(), what);
  }

  private void scheduleUpdate() {
    scheduleUpdate((long) (cfg.lifetime().toMillis() * UPDATE_AT));
  }

  /** Schedules the next update; a failed update is retried after a tenth of the lifetime. */
  private void scheduleUpdate(long millis) {
    cancelUpdateTimer();
    updateTimer =
        scheduler.schedule(
            java.time.Duration.ofMillis(millis),
            () ->
                updateRegistration()
                    .exceptionally(
                        e -> {
                          LOG.info(
                              "registration update of {} failed: {}",
                              cfg.endpoint(),
                              e.getMessage());
                          synchronized (this) {
                            if (server != null && wantRegistered) {
                              scheduleUpdate(Math.max(1000, cfg.lifetime().toMillis() / 10));
                            }
                          }
                          return null;
                        }));
  }

  private void cancelUpdateTimer() {
    Scheduler.Cancellable t = updateTimer;
    if (t != null) {
      t.cancel();
      updateTimer = null;
    }
  }

  @Override
  public CompletableFuture<Void> updateRegistration() {
    String loc;
    synchronized (this) {
      loc = location;
    }
    if (loc == null) {
      return register();
    }
    Request req = Request.newPost();
    req.setDestinationContext(new AddressEndpointContext(cfg.server()));
    req.getOptions().setUriPath(loc.substring(1));
    return send(req, "update " + cfg.endpoint())
        .thenCompose(
            r -> {
              if (r.getCode() == ResponseCode.CHANGED) {
                synchronized (this) {
                  scheduleUpdate();
                }
                emit(ClientListener::onRegistrationUpdated);
                return CompletableFuture.completedFuture(null);
              }
              // 4.04: the server forgot us; register again
              synchronized (this) {
                location = null;
              }
              return register();
            });
  }

  @Override
  public CompletableFuture<Void> deregister() {
    String loc;
    synchronized (this) {
      loc = location;
      location = null;
      wantRegistered = false;
      cancelUpdateTimer();
    }
    if (loc == null) {
      return CompletableFuture.completedFuture(null);
    }
    Request req = Request.newDelete();
    req.setDestinationContext(new AddressEndpointContext(cfg.server()));
    req.getOptions().setUriPath(loc.substring(1));
    return send(req, "deregister " + cfg.endpoint())
        .thenAccept(r -> emit(ClientListener::onDeregistered));
  }

  // ---------------------------------------------------------------- reboot

  @Override
  public CompletableFuture<Void> reboot() {
    return rebootWith(null);
  }

  private CompletableFuture<Void> rebootWith(@Nullable FirmwareEvent after) {
    LeafNode uplink;
    boolean valid;
    synchronized (this) {
      location = null;
      cancelUpdateTimer();
      downloadGeneration++;
      resume = null;
      uplink = uplinkNode;
      valid = packageVerified;
      if (uplink != null) {
        silentRemovals += uplink.getObserverCount();
      }
    }
    if (uplink != null) {
      uplink.clearObserveRelations();
    }
    LOG.info("LwM2M client {} rebooting", cfg.endpoint());
    emit(ClientListener::onRebooted);
    applyOutcome(after != null ? after : new FirmwareEvent.Rebooted(valid));
    return register();
  }

  // ---------------------------------------------------------------- objects

  private void buildObjects(CoapServer s) {
    CoapResource o3 = new CoapResource("3");
    InstanceNode i3 = new InstanceNode(0);
    i3.add(string(0, cfg::manufacturer));
    i3.add(string(1, cfg::model));
    i3.add(string(2, cfg::serial));
    i3.add(string(3, () -> firmwareVersion));
    i3.add(
        new LeafNode(
            4,
            LeafNode.Kind.EXECUTE,
            null,
            null,
            args -> {
              worker.execute(this::reboot);
              return ResponseCode.CHANGED;
            }));
    i3.add(new LeafNode(11, LeafNode.Kind.MULTI_INTEGER, () -> Map.of(0, 0L), null, null));
    i3.add(string(16, () -> "U"));
    o3.add(i3);

    CoapResource o4 = new CoapResource("4");
    InstanceNode i4 = new InstanceNode(0);
    i4.add(integer(0, () -> 7L)); // network bearer 7: NB-IoT
    i4.add(integer(2, () -> toLong(radio().rsrpDbm())));
    i4.add(integer(3, () -> toLong(radio().sinrDb())));
    i4.add(integer(8, () -> radio().cellId()));
    o4.add(i4);

    CoapResource o5 = new CoapResource("5");
    InstanceNode i5 = new InstanceNode(0);
    i5.add(
        new LeafNode(
            1,
            LeafNode.Kind.STRING,
            () -> machine.status().packageUri(),
            this::writePackageUri,
            null));
    i5.add(new LeafNode(2, LeafNode.Kind.EXECUTE, null, null, args -> executeUpdate()));
    LeafNode state =
        new LeafNode(3, LeafNode.Kind.INTEGER, () -> (long) machine.state().code(), null, null);
    state.observable(
        Type.CON,
        new LeafNode.ObserveHooks() {
          @Override
          public void added() {
            emit(ClientListener::onFirmwareObserved);
          }

          @Override
          public void removed() {
            emit(ClientListener::onFirmwareObservationCancelled);
          }
        });
    i5.add(state);
    i5.add(integer(5, () -> (long) machine.status().result().code()));
    i5.add(string(6, () -> nullToEmpty(machine.status().packageName())));
    i5.add(string(7, () -> nullToEmpty(machine.status().packageVersion())));
    i5.add(new LeafNode(8, LeafNode.Kind.MULTI_INTEGER, () -> Map.of(0, 0L), null, null));
    i5.add(integer(9, () -> 0L)); // pull only
    o5.add(i5);

    CoapResource o19 = new CoapResource("19");
    InstanceNode i190 = new InstanceNode(0);
    LeafNode uplink = new LeafNode(0, LeafNode.Kind.OPAQUE, () -> uplinkData.clone(), null, null);
    uplink.observable(
        Type.NON,
        new LeafNode.ObserveHooks() {
          @Override
          public void added() {
            emit(ClientListener::onUplinkObserved);
          }

          @Override
          public void removed() {
            boolean silent;
            synchronized (ClientImpl.this) {
              silent = silentRemovals > 0;
              if (silent) {
                silentRemovals--;
              }
            }
            if (!silent) {
              emit(ClientListener::onUplinkObservationCancelled);
            }
          }
        });
    i190.add(uplink);
    InstanceNode i191 = new InstanceNode(1);
    i191.add(new LeafNode(0, LeafNode.Kind.OPAQUE, null, this::writeDownlink, null));
    o19.add(i190, i191);

    s.add(o3, o4, o5, o19);
    this.stateNode = state;
    this.uplinkNode = uplink;
  }

  private RadioReport radio() {
    return cfg.radio().get();
  }

  private static @Nullable Long toLong(@Nullable Integer v) {
    return v == null ? null : v.longValue();
  }

  private static String nullToEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static LeafNode string(int id, java.util.function.Supplier<String> s) {
    return new LeafNode(id, LeafNode.Kind.STRING, s::get, null, null);
  }

  private static LeafNode integer(int id, java.util.function.Supplier<@Nullable Long> s) {
    return new LeafNode(id, LeafNode.Kind.INTEGER, s::get, null, null);
  }

  // ---------------------------------------------------------------- object 19

  @Override
  public boolean sendUplink(byte[] data) {
    if (data.length > MAX_UPLINK) {
      throw new Lwm2mException(
          "uplink: " + data.length + " bytes (expected: <= " + MAX_UPLINK + ")");
    }
    LeafNode node = uplinkNode;
    if (node == null || node.getObserverCount() == 0) {
      return false;
    }
    uplinkData = data.clone();
    node.changed();
    return true;
  }

  private ResponseCode writeDownlink(Lwm2mContent content) {
    Optional<byte[]> v = content.value();
    if (v.isEmpty()) {
      return ResponseCode.BAD_REQUEST;
    }
    byte[] data = v.get();
    emit(l -> l.onDownlink(data.clone()));
    return ResponseCode.CHANGED;
  }

  // ---------------------------------------------------------------- object 5

  private void onTransition(Transition.Accepted t) {
    LOG.debug(
        "{} /5/0/3 {} -> {} ({})",
        cfg.endpoint(),
        t.before().state(),
        t.status().state(),
        t.rule());
    emit(l -> l.onFirmwareTransition(t));
    LeafNode node = stateNode;
    if (node != null) {
      node.changed();
    }
  }

  private ResponseCode writePackageUri(Lwm2mContent content) {
    Optional<String> text = content.asText();
    if (text.isEmpty()) {
      return ResponseCode.BAD_REQUEST;
    }
    String uri = text.get();
    if (uri.length() > FirmwareStatus.MAX_STRING_LENGTH) {
      return ResponseCode.BAD_REQUEST;
    }
    if (uri.isEmpty()) {
      Transition t = machine.apply(new FirmwareEvent.PackageUriWritten(""));
      if (!t.accepted()) {
        return ResponseCode.BAD_REQUEST;
      }
      synchronized (this) {
        downloadGeneration++;
        resume = null;
        packageVerified = false;
      }
      cfg.store().clear();
      return ResponseCode.CHANGED;
    }
    emit(l -> l.onPackageUriReceived(uri));
    int gen;
    synchronized (this) {
      if (!machine.permits(FirmwareEvent.Kind.PACKAGE_URI_WRITTEN)) {
        return ResponseCode.BAD_REQUEST;
      }
      gen = ++downloadGeneration;
      packageVerified = false;
    }
    Transition t = machine.apply(new FirmwareEvent.PackageUriWritten(uri));
    if (!t.accepted()) {
      return ResponseCode.BAD_REQUEST;
    }
    worker.execute(() -> download(uri, gen));
    return ResponseCode.CHANGED;
  }

  private synchronized boolean current(int gen) {
    return gen == downloadGeneration && machine.state() == FirmwareState.DOWNLOADING;
  }

  private void download(String uri, int gen) {
    UpdateResult failure = downloadBlocks(uri, gen);
    if (!current(gen)) {
      return;
    }
    if (failure != null) {
      machine.apply(new FirmwareEvent.DownloadFailed(failure));
      return;
    }
    UpdateResult refusal;
    try {
      refusal = cfg.integrity().refusal(uri, cfg.store()).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("integrity hook of {} failed", cfg.endpoint(), e);
      refusal = UpdateResult.INTEGRITY_FAILURE;
    }
    if (refusal != null && !refusal.isDownloadFailure()) {
      refusal = UpdateResult.INTEGRITY_FAILURE;
    }
    boolean ok = refusal == null;
    synchronized (this) {
      if (!current(gen)) {
        return;
      }
      resume = null;
      packageVerified = ok;
    }
    if (ok) {
      machine.apply(new FirmwareEvent.DownloadCompleted());
    } else {
      cfg.store().clear();
      machine.apply(new FirmwareEvent.DownloadFailed(refusal));
    }
  }

  /** Pulls the package block by block; returns null on success or the failure result code. */
  private @Nullable UpdateResult downloadBlocks(String uri, int gen) {
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
    // the one endpoint speaks either CoAP or CoAPS: the URI must use the same
    if (!scheme.equalsIgnoreCase(psk != null ? "coaps" : "coap")) {
      return UpdateResult.UNSUPPORTED_PROTOCOL;
    }
    int defaultPort = psk != null ? DtlsSupport.COAPS_PORT : 5683;
    InetSocketAddress target =
        new InetSocketAddress(
            parsed.getHost(), parsed.getPort() < 0 ? defaultPort : parsed.getPort());
    if (target.isUnresolved()) {
      return UpdateResult.INVALID_URI;
    }
    String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
    long offset;
    int szx;
    String etag;
    synchronized (this) {
      Resume r = resume;
      if (r != null && r.uri().equals(uri) && cfg.store().size() == r.offset()) {
        offset = r.offset();
        szx = r.szx();
        etag = r.etagHex();
        LOG.info("{} resumes {} at offset {}", cfg.endpoint(), uri, offset);
      } else {
        cfg.store().clear();
        offset = 0;
        szx = BlockOption.size2Szx(cfg.blockSize());
        etag = null;
        resume = null;
      }
    }
    int restarts = 0;
    while (true) {
      if (!current(gen)) {
        return null;
      }
      int size = 1 << (szx + 4);
      Request req = Request.newGet();
      req.setDestinationContext(new AddressEndpointContext(target));
      req.getOptions().setUriPath(path.startsWith("/") ? path.substring(1) : path);
      if (parsed.getRawQuery() != null) {
        req.getOptions().setUriQuery(parsed.getRawQuery());
      }
      req.getOptions().setBlock2(szx, false, (int) (offset / size));
      Response r;
      try {
        r = send(req, "block " + offset / size + " of " + uri).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return UpdateResult.CONNECTION_LOST;
      } catch (ExecutionException e) {
        LOG.info("{} download of {} failed: {}", cfg.endpoint(), uri, e.getCause().getMessage());
        return UpdateResult.CONNECTION_LOST;
      }
      if (r.getCode() != ResponseCode.CONTENT) {
        LOG.info("{} download of {} answered {}", cfg.endpoint(), uri, r.getCode());
        return r.getCode() == ResponseCode.NOT_FOUND
            ? UpdateResult.INVALID_URI
            : UpdateResult.UPDATE_FAILED;
      }
      Integer size2 = r.getOptions().getSize2();
      if (size2 != null && size2 > cfg.store().capacity()) {
        return UpdateResult.NOT_ENOUGH_FLASH;
      }
      String tag = r.getOptions().getETagCount() > 0 ? hex(r.getOptions().getETags().get(0)) : null;
      if (etag != null && tag != null && !etag.equals(tag)) {
        if (++restarts > MAX_RESTARTS) {
          return UpdateResult.UPDATE_FAILED;
        }
        LOG.info("{}: package {} changed (ETag), restarting", cfg.endpoint(), uri);
        cfg.store().clear();
        offset = 0;
        etag = null;
        continue;
      }
      etag = tag;
      byte[] payload = r.getPayload();
      BlockOption block = r.getOptions().getBlock2();
      boolean more;
      if (block == null) {
        if (offset != 0) {
          return UpdateResult.UPDATE_FAILED;
        }
        more = false;
      } else {
        if (block.getOffset() != offset || block.getSzx() > szx || block.isBERT()) {
          return UpdateResult.UPDATE_FAILED;
        }
        more = block.isM();
        if (more && payload.length != block.getSize()) {
          return UpdateResult.UPDATE_FAILED;
        }
        szx = block.getSzx();
      }
      try {
        cfg.store().write(offset, ByteBuffer.wrap(payload));
      } catch (IOException e) {
        return UpdateResult.NOT_ENOUGH_FLASH;
      }
      offset += payload.length;
      synchronized (this) {
        if (gen == downloadGeneration) {
          resume = new Resume(uri, etag, offset, szx);
        }
      }
      if (!more) {
        return null;
      }
    }
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  private ResponseCode executeUpdate() {
    String uri = machine.status().packageUri();
    Transition t = machine.apply(new FirmwareEvent.UpdateExecuted());
    if (!t.accepted()) {
      return ResponseCode.METHOD_NOT_ALLOWED;
    }
    worker.execute(() -> runUpdate(uri));
    return ResponseCode.CHANGED;
  }

  private void runUpdate(String uri) {
    UpdateOutcome outcome;
    try {
      outcome = cfg.updater().apply(uri, cfg.store());
    } catch (RuntimeException e) {
      LOG.warn("update hook of {} failed", cfg.endpoint(), e);
      outcome = new UpdateOutcome.Failure(UpdateResult.UPDATE_FAILED, true, false);
    }
    FirmwareEvent event;
    if (outcome instanceof UpdateOutcome.Success s) {
      String v = s.newFirmwareVersion();
      if (v == null) {
        v = machine.status().packageVersion();
      }
      if (v != null) {
        firmwareVersion = v;
      }
      synchronized (this) {
        packageVerified = false;
      }
      event = new FirmwareEvent.UpdateSucceeded();
    } else {
      UpdateOutcome.Failure f = (UpdateOutcome.Failure) outcome;
      if (!f.packageKept()) {
        synchronized (this) {
          packageVerified = false;
        }
        cfg.store().clear();
      }
      event = new FirmwareEvent.UpdateFailed(f.reason(), f.packageKept());
    }
    if (outcome.reboot()) {
      rebootWith(event);
    } else {
      applyOutcome(event);
    }
  }

  /** Applies an outcome; an update failure with a code the table refuses becomes result 8. */
  private void applyOutcome(FirmwareEvent event) {
    Transition t = machine.apply(event);
    if (t instanceof Transition.Rejected r) {
      LOG.warn("{}: {} rejected: {}", cfg.endpoint(), event, r.reason());
      if (event instanceof FirmwareEvent.UpdateFailed f) {
        machine.apply(new FirmwareEvent.UpdateFailed(UpdateResult.UPDATE_FAILED, f.packageKept()));
      }
    }
  }

  @Override
  public String toString() {
    return "Lwm2mClient[" + cfg.endpoint() + ", " + Arrays.asList(machine.state()) + "]";
  }
}
