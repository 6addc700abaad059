package io.dfota.lwm2m.internal;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaFleet;
import io.dfota.core.FotaOperationException;
import io.dfota.core.FotaOperationException.Failure;
import io.dfota.core.FotaTarget;
import io.dfota.core.PackageContent;
import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.core.UpdateResult;
import io.dfota.lwm2m.ContentFormat;
import io.dfota.lwm2m.DeviceRegistry;
import io.dfota.lwm2m.Lwm2mContent;
import io.dfota.lwm2m.Lwm2mException;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.lwm2m.Observation;
import io.dfota.lwm2m.Registration;
import io.dfota.lwm2m.SecurityStore;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.InMemoryMessageExchangeStore;
import org.eclipse.californium.core.network.RandomTokenGenerator;
import org.eclipse.californium.core.network.TokenGenerator;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.UdpConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The platform-role LwM2M server on Californium. */
public final class ServerImpl implements Lwm2mServer {
  private static final Logger LOG = LoggerFactory.getLogger(ServerImpl.class);

  private static final Pattern PATH = Pattern.compile("/\\d{1,5}(/\\d{1,5}){0,2}");

  /** Longest Package URI (Object 5 {@code /5/0/1} is 0..255). */
  static final int MAX_URI = 255;

  /**
   * The UDP receive buffer the server asks for (the kernel caps it at {@code net.core.rmem_max}):
   * one socket receives every device's requests, and with the OS default (about 200 KiB) a burst
   * from a thousand devices overflows it whenever the receiver thread waits for a CPU, which the
   * devices see as loss and retransmit after the ACK timeout (fleet benchmark, BENCHMARKS.md).
   */
  static final int RECEIVE_BUFFER_BYTES = 4 << 20;

  private final ServerConfig cfg;
  private final Scheduler scheduler;
  private final @Nullable ScheduledExecutorService ownTimer;
  private final RegistryImpl registry;
  private final PackageServer packages;
  private final Fleet fleet = new Fleet();
  private volatile @Nullable TokenGenerator tokens;

  /** Notification handlers by token. */
  private final Map<Token, Consumer<Response>> observations = new ConcurrentHashMap<>();

  /** The /19/0/0 observation token per endpoint. */
  private final Map<String, Token> uplinkTokens = new ConcurrentHashMap<>();

  /** The FOTA /5/0/3 observation per endpoint. */
  private final Map<String, Observation> fotaObservations = new ConcurrentHashMap<>();

  private @Nullable CoapServer server;
  private @Nullable CoapEndpoint endpoint;

  /** The DTLS security store; null for plain CoAP. */
  private final @Nullable SecurityStore security;

  /**
   * Creates the server on plain CoAP.
   *
   * @param cfg the settings
   */
  public ServerImpl(ServerConfig cfg) {
    this(cfg, null);
  }

  /**
   * Creates the server.
   *
   * @param cfg the settings
   * @param security the DTLS security store for CoAPS with PSK, or null for plain CoAP
   */
  public ServerImpl(ServerConfig cfg, @Nullable SecurityStore security) {
    this.cfg = cfg;
    this.security = security;
    if (cfg.scheduler() != null) {
      this.scheduler = cfg.scheduler();
      this.ownTimer = null;
    } else {
      this.ownTimer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "dfota-lwm2m-server-timer");
                t.setDaemon(true);
                return t;
              });
      this.scheduler = Scheduler.of(ownTimer);
    }
    this.registry = new RegistryImpl(scheduler, cfg.expiryGrace(), cfg.maxRegistrations());
    this.packages = new PackageServer(registry, cfg.maxBlockSize());
    registry.addListener(
        new DeviceRegistry.Listener() {
          @Override
          public void onRegistered(Registration registration) {
            if (cfg.observeUplink() && registration.hasObject(19)) {
              observeUplink(registration.endpoint());
            }
          }

          @Override
          public void onDeregistered(Registration registration, boolean expired) {
            Token t = uplinkTokens.remove(registration.endpoint());
            if (t != null) {
              forget(t);
            }
          }
        });
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      throw new Lwm2mException("server: already started");
    }
    var config = CoapSupport.configuration(cfg.coapTiming(), cfg.protocolThreads());
    config.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, RECEIVE_BUFFER_BYTES);
    TokenGenerator generator = new RandomTokenGenerator(config);
    CoapEndpoint.Builder builder =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setTokenGenerator(generator)
            .setMessageExchangeStore(
                new TokenIndexedExchangeStore(
                    new InMemoryMessageExchangeStore("lwm2m-server", config, generator)))
            .setLoggingTag("lwm2m-server");
    SecurityStore store = security;
    if (store != null) {
      builder.setConnector(DtlsSupport.server(config, cfg.local(), store));
    } else {
      builder.setInetSocketAddress(cfg.local());
    }
    CoapEndpoint ep = builder.build();
    this.tokens = generator;
    cfg.interceptors().forEach(ep::addInterceptor);
    ep.addNotificationListener(
        (request, response) -> {
          Consumer<Response> h = observations.get(response.getToken());
          if (h != null) {
            h.accept(response);
          }
        });
    CoapServer s = new CoapServer(config);
    s.addEndpoint(ep);
    s.add(new RdResource(registry, security), packages);
    s.start();
    this.server = s;
    this.endpoint = ep;
    LOG.info(
        "LwM2M server listening on {}{}", ep.getAddress(), store != null ? " (DTLS, PSK)" : "");
  }

  @Override
  public void stop() {
    CoapServer s;
    synchronized (this) {
      s = server;
      server = null;
      endpoint = null;
    }
    registry.close();
    if (s != null) {
      s.destroy();
    }
    if (ownTimer != null) {
      ownTimer.shutdownNow();
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return ep().getAddress();
  }

  private CoapEndpoint ep() {
    CoapEndpoint e = endpoint;
    if (e == null) {
      throw new Lwm2mException("server: not started (expected: start())");
    }
    return e;
  }

  @Override
  public DeviceRegistry registry() {
    return registry;
  }

  @Override
  public FotaFleet fleet() {
    return fleet;
  }

  // ---------------------------------------------------------------- operations

  private CompletableFuture<Response> request(
      String endpointName, Request req, String path, String what) {
    Optional<Registration> reg = registry.get(endpointName);
    if (reg.isEmpty()) {
      return CompletableFuture.failedFuture(
          new FotaOperationException(
              Failure.UNREACHABLE, what + " " + path + " of " + endpointName + ": not registered"));
    }
    if (!PATH.matcher(path).matches()) {
      throw new Lwm2mException("path: " + path + " (expected: /object[/instance[/resource]])");
    }
    CoapEndpoint e = endpoint;
    if (e == null) {
      return CompletableFuture.failedFuture(
          new FotaOperationException(Failure.CANCELLED, "server: not started"));
    }
    req.setDestinationContext(new AddressEndpointContext(reg.get().address()));
    req.getOptions().setUriPath(path.substring(1));
    return CoapSupport.send(
        e, req, scheduler, cfg.operationTimeout(), what + " " + path + " of " + endpointName);
  }

  private static Response expect(Response r, ResponseCode code, String what) {
    if (r.getCode() != code) {
      throw new FotaOperationException(
          Failure.REJECTED,
          what + ": " + r.getCode().text + " " + r.getCode() + " (expected: " + code.text + ")");
    }
    return r;
  }

  private static Lwm2mContent content(Response r) {
    int cf = r.getOptions().getContentFormat();
    ContentFormat f =
        cf == MediaTypeRegistry.UNDEFINED
            ? ContentFormat.TEXT
            : ContentFormat.fromCode(cf).orElse(ContentFormat.OPAQUE);
    return Lwm2mContent.of(f, r.getPayload());
  }

  @Override
  public CompletableFuture<Lwm2mContent> read(
      String endpoint, String path, @Nullable ContentFormat accept) {
    Request req = Request.newGet();
    if (accept != null) {
      req.getOptions().setAccept(accept.code());
    }
    String what = "read " + path + " of " + endpoint;
    return request(endpoint, req, path, "read")
        .thenApply(r -> content(expect(r, ResponseCode.CONTENT, what)));
  }

  @Override
  public CompletableFuture<Void> write(String endpoint, String path, Lwm2mContent value) {
    Request req = Request.newPut();
    req.getOptions().setContentFormat(value.format().code());
    req.setPayload(value.bytes());
    String what = "write " + path + " of " + endpoint;
    return request(endpoint, req, path, "write")
        .thenAccept(r -> expect(r, ResponseCode.CHANGED, what));
  }

  @Override
  public CompletableFuture<Void> execute(String endpoint, String path) {
    String what = "execute " + path + " of " + endpoint;
    return request(endpoint, Request.newPost(), path, "execute")
        .thenAccept(r -> expect(r, ResponseCode.CHANGED, what));
  }

  @Override
  public CompletableFuture<Void> writeDownlink(String endpoint, byte[] data) {
    return write(endpoint, "/19/1/0", Lwm2mContent.opaque(data));
  }

  @Override
  public CompletableFuture<Observation> observe(
      String endpoint, String path, Consumer<Lwm2mContent> onNotify) {
    Request req = Request.newGet();
    req.setObserve();
    String what = "observe " + path + " of " + endpoint;
    Notifications notifications = new Notifications(onNotify);
    // Californium hands a notification either to the observe request's observers (while its
    // exchange lives) or to the endpoint's notification listener (afterwards, for example after
    // the device's reboot): both feed the same handler, which drops duplicates
    req.addMessageObserver(
        new MessageObserverAdapter() {
          @Override
          public void onResponse(Response response) {
            notifications.accept(response);
          }
        });
    // the token is chosen here so that the handler is in place before any notification arrives
    TokenGenerator generator = tokens;
    if (generator == null) {
      throw new Lwm2mException("server: not started (expected: start())");
    }
    Token token = generator.createToken(TokenGenerator.Scope.LONG_TERM);
    req.setToken(token);
    observations.put(token, notifications);
    CompletableFuture<Observation> f = new CompletableFuture<>();
    CompletableFuture<Response> sent;
    try {
      sent = request(endpoint, req, path, "observe");
    } catch (RuntimeException e) {
      observations.remove(token);
      throw e;
    }
    sent.whenComplete(
        (r, e) -> {
          if (e != null) {
            observations.remove(token);
            f.completeExceptionally(unwrap(e));
            return;
          }
          if (r.getCode() != ResponseCode.CONTENT || !r.getOptions().hasObserve()) {
            forget(token);
            f.completeExceptionally(
                new FotaOperationException(
                    Failure.REJECTED,
                    what + ": " + r.getCode() + " (expected: 2.05 with Observe)"));
            return;
          }
          notifications.established(r);
          f.complete(new Observation(endpoint, path, r.getToken().getAsString(), content(r)));
        });
    return f;
  }

  /**
   * The notifications of one observation, after its first response, without duplicates; those
   * arriving before the first response was processed are held until then.
   */
  private static final class Notifications implements Consumer<Response> {
    private final Consumer<Lwm2mContent> onNotify;
    private final List<Response> early = new ArrayList<>();
    private @Nullable Response first;
    private @Nullable Response last;

    Notifications(Consumer<Lwm2mContent> onNotify) {
      this.onNotify = onNotify;
    }

    void established(Response response) {
      List<Response> held;
      synchronized (this) {
        first = response;
        held = new ArrayList<>(early);
        early.clear();
      }
      for (Response n : held) {
        accept(n);
      }
    }

    @Override
    public void accept(Response n) {
      synchronized (this) {
        if (n == first || n == last || !n.getCode().isSuccess()) {
          return;
        }
        if (first == null) {
          if (early.size() < 16) {
            early.add(n);
          }
          return;
        }
        last = n;
      }
      onNotify.accept(content(n));
    }
  }

  @Override
  public CompletableFuture<Void> cancelObservation(Observation observation) {
    Token token = Token.fromProvider(HexFormat.of().parseHex(observation.token()));
    forget(token);
    Request req = Request.newGet();
    req.setToken(token);
    req.setObserveCancel();
    return request(observation.endpoint(), req, observation.path(), "cancel observation")
        .thenAccept(r -> {});
  }

  private void forget(Token token) {
    observations.remove(token);
    CoapEndpoint e = endpoint;
    if (e != null) {
      e.cancelObservation(token);
    }
  }

  private void observeUplink(String endpointName) {
    Token old = uplinkTokens.remove(endpointName);
    if (old != null) {
      forget(old);
    }
    observe(
            endpointName,
            "/19/0/0",
            c -> {
              byte[] data = c.bytes();
              if (data.length > 0) {
                registry.get(endpointName).ifPresent(reg -> registry.uplink(reg, data));
              }
            })
        .whenComplete(
            (o, e) -> {
              if (e != null) {
                LOG.info("observe /19/0/0 of {} failed: {}", endpointName, e.getMessage());
              } else {
                uplinkTokens.put(
                    endpointName, Token.fromProvider(HexFormat.of().parseHex(o.token())));
              }
            });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  // ---------------------------------------------------------------- FotaFleet

  private String packageUri(String segment) {
    InetSocketAddress a = localAddress();
    String host = cfg.publicHost();
    if (host == null) {
      InetAddress ia = a.getAddress();
      host = ia instanceof Inet6Address ? "[" + ia.getHostAddress() + "]" : ia.getHostAddress();
    }
    String uri =
        (security != null ? "coaps://" : "coap://") + host + ":" + a.getPort() + "/fw/" + segment;
    if (uri.length() > MAX_URI) {
      throw new Lwm2mException(
          "package URI: " + uri.length() + " characters (expected: <= " + MAX_URI + ")");
    }
    return uri;
  }

  /** The {@link FotaFleet} view. */
  private final class Fleet implements FotaFleet {
    @Override
    public Optional<FotaTarget> target(String endpointName) {
      return registry.get(endpointName).map(r -> new Target(endpointName));
    }

    @Override
    public void addListener(FleetListener listener) {
      registry.addListener(
          new DeviceRegistry.Listener() {
            @Override
            public void onRegistered(Registration r) {
              listener.onAwake(r.endpoint(), AwakeReason.REGISTERED);
            }

            @Override
            public void onUpdated(Registration r) {
              listener.onAwake(r.endpoint(), AwakeReason.REGISTRATION_UPDATED);
            }

            @Override
            public void onUplink(Registration r, byte[] data) {
              listener.onAwake(r.endpoint(), AwakeReason.UPLINK);
            }

            @Override
            public void onDeregistered(Registration r, boolean expired) {
              listener.onGone(r.endpoint());
            }
          });
    }

    @Override
    public String publish(PackageContent content) {
      return packageUri(packages.publish(content));
    }

    @Override
    public void allowDownload(String endpointName, String packageId) {
      packages.allow(endpointName, packageId);
    }

    @Override
    public void revokeDownload(String endpointName, String packageId) {
      packages.revoke(endpointName, packageId);
    }
  }

  /** One device's FOTA steps (protocol-notes §4.2). */
  private final class Target implements FotaTarget {
    private final String name;

    Target(String name) {
      this.name = name;
    }

    @Override
    public String endpoint() {
      return name;
    }

    @Override
    public CompletableFuture<String> readFirmwareVersion() {
      return read(name, "/3/0/3", ContentFormat.TEXT)
          .thenApply(
              c ->
                  c.asText()
                      .orElseThrow(
                          () ->
                              new FotaOperationException(
                                  Failure.REJECTED, "/3/0/3 of " + name + ": not a string")));
    }

    private CompletableFuture<@Nullable Long> readLong(String path) {
      return read(name, path, ContentFormat.TEXT)
          .handle(
              (c, e) -> {
                if (e != null) {
                  return null;
                }
                OptionalLong v = c.asLong();
                return v.isPresent() ? v.getAsLong() : null;
              });
    }

    @Override
    public CompletableFuture<RadioReport> readRadio() {
      CompletableFuture<@Nullable Long> cell = readLong("/4/0/8");
      CompletableFuture<@Nullable Long> rsrp = readLong("/4/0/2");
      CompletableFuture<@Nullable Long> sinr = readLong("/4/0/3");
      return CompletableFuture.allOf(cell, rsrp, sinr)
          .thenApply(
              v -> {
                Long c = cell.join();
                Long r = rsrp.join();
                Long s = sinr.join();
                if (c == null && r == null && s == null) {
                  throw new FotaOperationException(
                      Failure.UNREACHABLE, "radio of " + name + ": nothing readable in /4/0");
                }
                return new RadioReport(
                    c, r == null ? null : (int) (long) r, s == null ? null : (int) (long) s);
              });
    }

    @Override
    public CompletableFuture<FirmwareState> observeState(Consumer<FirmwareState> onNotify) {
      Observation old = fotaObservations.remove(name);
      if (old != null) {
        forget(Token.fromProvider(HexFormat.of().parseHex(old.token())));
      }
      return observe(
              name,
              "/5/0/3",
              c -> {
                OptionalLong v = c.asLong();
                if (v.isPresent() && v.getAsLong() >= 0 && v.getAsLong() <= 3) {
                  onNotify.accept(FirmwareState.fromCode((int) v.getAsLong()));
                } else {
                  LOG.info("{}: /5/0/3 notification not a state: {}", name, c);
                }
              })
          .thenApply(
              o -> {
                fotaObservations.put(name, o);
                OptionalLong v = o.initial().asLong();
                if (v.isEmpty() || v.getAsLong() < 0 || v.getAsLong() > 3) {
                  throw new FotaOperationException(
                      Failure.REJECTED, "/5/0/3 of " + name + ": not a state (expected: 0..3)");
                }
                return FirmwareState.fromCode((int) v.getAsLong());
              });
    }

    @Override
    public CompletableFuture<Void> writePackageUri(String uri) {
      if (uri.length() > MAX_URI) {
        throw new Lwm2mException(
            "uri: " + uri.length() + " characters (expected: <= " + MAX_URI + ")");
      }
      return write(name, "/5/0/1", Lwm2mContent.text(uri));
    }

    @Override
    public CompletableFuture<Void> executeUpdate() {
      return execute(name, "/5/0/2");
    }

    @Override
    public CompletableFuture<UpdateResult> readUpdateResult() {
      return read(name, "/5/0/5", ContentFormat.TEXT)
          .thenApply(
              c -> {
                OptionalLong v = c.asLong();
                if (v.isEmpty() || v.getAsLong() < 0 || v.getAsLong() > 11) {
                  throw new FotaOperationException(
                      Failure.REJECTED, "/5/0/5 of " + name + ": not a result (expected: 0..11)");
                }
                return UpdateResult.fromCode((int) v.getAsLong());
              });
    }

    @Override
    public CompletableFuture<Void> cancelObservation() {
      Observation o = fotaObservations.remove(name);
      if (o == null) {
        return CompletableFuture.completedFuture(null);
      }
      return ServerImpl.this.cancelObservation(o);
    }
  }
}
