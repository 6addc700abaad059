package io.dfota.emulator.internal.sim;

import io.dfota.core.FirmwareEvent;
import io.dfota.core.FirmwareState;
import io.dfota.core.FirmwareStatus;
import io.dfota.core.FirmwareUpdateMachine;
import io.dfota.core.RadioReport;
import io.dfota.core.Transition;
import io.dfota.core.UpdateResult;
import io.dfota.emulator.Imei;
import io.dfota.emulator.sim.DeviceSimulator;
import io.dfota.emulator.sim.FetchOutcome;
import io.dfota.emulator.sim.SimulatedDevice;
import io.dfota.lwm2m.ContentFormat;
import io.dfota.lwm2m.Lwm2mContent;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device's LwM2M 1.0 client state and CoAP exchanges, as {@code
 * io.dfota.lwm2m.internal.ClientImpl} behaves (protocol-notes §3, §4.1): registration, Objects 3,
 * 4, 5 and 19, the {@code /5/0/3} observation, the Block2 pull and the update. Every method runs on
 * the simulator thread.
 */
final class SimDevice {
  private static final Logger LOG = LoggerFactory.getLogger(SimDevice.class);

  /** Registration updates are sent when this fraction of the lifetime has passed. */
  private static final double UPDATE_AT = 0.8;

  /** An ETag change mid-download restarts the download at most this often. */
  private static final int MAX_RESTARTS = 2;

  /** Largest write payload (as {@code LeafNode}). */
  static final int MAX_WRITE_BYTES = 1024;

  /** Longest Package URI ({@code /5/0/1} is 0..255 characters). */
  private static final int MAX_URI = FirmwareStatus.MAX_STRING_LENGTH;

  /** Registration attempts before {@link #register} reports a failure. */
  private static final int REGISTER_ATTEMPTS = 3;

  /** Notifications waiting for the previous one's ACK; older ones are dropped beyond this. */
  private static final int MAX_QUEUED_NOTIFICATIONS = 8;

  /** Remembered answers to CON requests, for duplicates (RFC 7252 §4.5). */
  private static final int DEDUP_SLOTS = 8;

  private static final int CF_TEXT = ContentFormat.TEXT.code();
  private static final int CF_LINK = ContentFormat.LINK.code();
  private static final int CF_OPAQUE = ContentFormat.OPAQUE.code();
  private static final int CF_TLV = ContentFormat.TLV.code();

  /** The resource kinds, which decide the formats (as {@code LeafNode.Kind}). */
  private enum Kind {
    STRING,
    INTEGER,
    OPAQUE,
    MULTI_INTEGER,
    EXECUTE,
    WRITE_ONLY
  }

  /** What a response to an outgoing request does. */
  interface Handler {
    void onResponse(Response response);

    void onFailure(String reason);
  }

  /** One outgoing CON message awaiting its ACK or response. */
  private static final class Outgoing {
    final int mid;
    final Token token;
    final byte[] bytes;
    final InetSocketAddress to;
    final @Nullable Handler handler;
    final boolean notification;
    long timeoutNanos;
    int retransmits;
    boolean acked;
    TimerQueue.@Nullable Timer retransmitTimer;
    TimerQueue.@Nullable Timer overallTimer;

    Outgoing(
        int mid,
        Token token,
        byte[] bytes,
        InetSocketAddress to,
        @Nullable Handler handler,
        boolean notification) {
      this.mid = mid;
      this.token = token;
      this.bytes = bytes;
      this.to = to;
      this.handler = handler;
      this.notification = notification;
    }
  }

  /** Where a package URI points. */
  record UriTarget(InetSocketAddress address, String path, @Nullable String query) {}

  /** A download in progress. */
  private static final class Download {
    final String uri;
    final UriTarget target;
    final int gen;
    final long capacity;
    int szx;
    long offset;
    byte @Nullable [] etag;
    int restarts;
    QdfeStream stream;

    Download(String uri, UriTarget target, int gen, long capacity, int szx, boolean verify) {
      this.uri = uri;
      this.target = target;
      this.gen = gen;
      this.capacity = capacity;
      this.szx = szx;
      this.stream = new QdfeStream(verify);
    }
  }

  private final SimulatorImpl sim;
  private final SimConfig cfg;
  private final int index;
  private final Imei imei;
  private final FirmwareUpdateMachine machine;

  private @Nullable DatagramChannel channel;
  private @Nullable InetSocketAddress address;

  private String firmwareVersion;
  private int nextMid;
  private int nextToken;

  private @Nullable String location;
  private boolean wantRegistered;
  private TimerQueue.@Nullable Timer updateTimer;

  private final List<Outgoing> pending = new ArrayList<>(2);

  private final int[] recentMids = new int[DEDUP_SLOTS];
  private final byte[][] recentAnswers = new byte[DEDUP_SLOTS][];
  private int recentNext;

  private @Nullable Token stateToken;
  private @Nullable InetSocketAddress stateObserver;
  private int observeSeq;
  private final ArrayDeque<Integer> notifyQueue = new ArrayDeque<>(2);
  private boolean notifyInFlight;
  private @Nullable Token uplinkToken;

  /** True while a request of the server is being handled: notifications wait for the answer. */
  private boolean inHandler;

  private @Nullable Runnable afterResponse;

  private int gen;
  private @Nullable Download download;
  private boolean packageVerified;
  private @Nullable String verifiedToVersion;
  private long downloadedBytes;

  SimDevice(SimulatorImpl sim, SimConfig cfg, int index, Imei imei) {
    this.sim = sim;
    this.cfg = cfg;
    this.index = index;
    this.imei = imei;
    this.firmwareVersion = cfg.firmwareVersion();
    this.machine = FirmwareUpdateMachine.builder().listener(this::onTransition).build();
    this.nextMid = ThreadLocalRandom.current().nextInt(0x10000);
    this.nextToken = ThreadLocalRandom.current().nextInt();
    Arrays.fill(recentMids, -1);
  }

  Imei imei() {
    return imei;
  }

  void bind(DatagramChannel ch, InetSocketAddress local) {
    this.channel = ch;
    this.address = local;
  }

  @Nullable DatagramChannel channel() {
    return channel;
  }

  boolean isRegistered() {
    return location != null;
  }

  SimulatedDevice snapshot() {
    FirmwareStatus s = machine.status();
    InetSocketAddress a = address;
    return new SimulatedDevice(
        imei,
        a != null ? a : new InetSocketAddress(cfg.localHost(), 0),
        location != null,
        s.state(),
        s.result(),
        firmwareVersion,
        downloadedBytes);
  }

  // ------------------------------------------------------------------ CoAP messaging

  private int mid() {
    int m = nextMid;
    nextMid = (nextMid + 1) & 0xffff;
    return m;
  }

  private Token token() {
    int t = nextToken++;
    return Token.fromProvider(
        new byte[] {(byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t});
  }

  private void send(byte[] bytes, InetSocketAddress to) {
    DatagramChannel ch = channel;
    if (ch != null) {
      sim.send(ch, bytes, to);
    }
  }

  /** Sends a CON request and calls the handler with its response or failure. */
  private void request(Request req, InetSocketAddress to, Handler handler) {
    req.setType(Type.CON);
    req.setMID(mid());
    req.setToken(token());
    byte[] bytes = sim.serializer().getByteArray(req);
    Outgoing o = new Outgoing(req.getMID(), req.getToken(), bytes, to, handler, false);
    o.overallTimer =
        sim.timers()
            .schedule(
                cfg.requestTimeout().toNanos(),
                () -> {
                  if (pending.remove(o)) {
                    cancelTimers(o);
                    handler.onFailure("no response within " + cfg.requestTimeout());
                  }
                });
    transmit(o);
  }

  private void transmit(Outgoing o) {
    pending.add(o);
    o.timeoutNanos = cfg.ackTimeout().toNanos();
    send(o.bytes, o.to);
    o.retransmitTimer = sim.timers().schedule(o.timeoutNanos, () -> retransmit(o));
  }

  private void retransmit(Outgoing o) {
    if (o.acked || !pending.contains(o)) {
      return;
    }
    if (o.retransmits >= cfg.maxRetransmit()) {
      pending.remove(o);
      cancelTimers(o);
      if (o.notification) {
        // as Californium: a CON notification that times out cancels the observation
        LOG.debug("{}: notification timed out; observation cancelled", imei);
        clearStateObservation();
      } else if (o.handler != null) {
        o.handler.onFailure("no CoAP response after " + o.retransmits + " retransmissions");
      }
      return;
    }
    o.retransmits++;
    o.timeoutNanos *= 2;
    sim.retransmitted();
    send(o.bytes, o.to);
    o.retransmitTimer = sim.timers().schedule(o.timeoutNanos, () -> retransmit(o));
  }

  private static void cancelTimers(Outgoing o) {
    if (o.retransmitTimer != null) {
      o.retransmitTimer.cancel();
    }
    if (o.overallTimer != null) {
      o.overallTimer.cancel();
    }
  }

  private @Nullable Outgoing byMid(int mid) {
    for (Outgoing o : pending) {
      if (o.mid == mid) {
        return o;
      }
    }
    return null;
  }

  private @Nullable Outgoing byToken(Token token) {
    for (Outgoing o : pending) {
      if (!o.notification && o.token.equals(token)) {
        return o;
      }
    }
    return null;
  }

  /** An empty ACK or RST. */
  void onEmpty(Type type, int mid, InetSocketAddress from) {
    if (type == Type.CON) {
      send(SimulatorImpl.empty(Type.RST, mid), from); // CoAP ping
      return;
    }
    Outgoing o = byMid(mid);
    if (o == null) {
      return;
    }
    if (type == Type.ACK) {
      if (o.notification) {
        pending.remove(o);
        cancelTimers(o);
        notifyInFlight = false;
        pumpNotifications();
      } else {
        o.acked = true; // a separate response follows
        if (o.retransmitTimer != null) {
          o.retransmitTimer.cancel();
        }
      }
    } else if (type == Type.RST) {
      pending.remove(o);
      cancelTimers(o);
      if (o.notification) {
        clearStateObservation();
      } else if (o.handler != null) {
        o.handler.onFailure("rejected with RST");
      }
    }
  }

  /** A response to one of this device's requests. */
  void onResponse(Response r, InetSocketAddress from) {
    Outgoing o;
    if (r.getType() == Type.ACK) {
      o = byMid(r.getMID());
      if (o != null && (o.notification || !o.token.equals(r.getToken()))) {
        o = null;
      }
    } else {
      if (r.getType() == Type.CON) {
        send(SimulatorImpl.empty(Type.ACK, r.getMID()), from);
      }
      o = byToken(r.getToken());
    }
    if (o == null) {
      return;
    }
    pending.remove(o);
    cancelTimers(o);
    if (o.handler != null) {
      o.handler.onResponse(r);
    }
  }

  /** A request of the server. */
  void onRequest(Request req, InetSocketAddress from) {
    boolean con = req.getType() == Type.CON;
    int mid = req.getMID();
    if (con) {
      for (int i = 0; i < DEDUP_SLOTS; i++) {
        if (recentMids[i] == mid) {
          byte[] answer = recentAnswers[i];
          if (answer != null) {
            send(answer, from);
          }
          return;
        }
      }
    }
    inHandler = true;
    Response resp;
    try {
      resp = serve(req, from);
    } finally {
      inHandler = false;
    }
    resp.setType(con ? Type.ACK : Type.NON);
    resp.setMID(con ? mid : mid());
    resp.setToken(req.getToken());
    byte[] bytes = sim.serializer().getByteArray(resp);
    if (con) {
      recentMids[recentNext] = mid;
      recentAnswers[recentNext] = bytes;
      recentNext = (recentNext + 1) % DEDUP_SLOTS;
    }
    send(bytes, from);
    sim.served();
    Runnable after = afterResponse;
    afterResponse = null;
    if (after != null) {
      after.run();
    }
    pumpNotifications();
  }

  // ------------------------------------------------------------------ registration

  /** Registers ({@code POST /rd}); retried twice on a timeout. */
  void register(@Nullable Consumer<Boolean> done) {
    register(done, 1);
  }

  private void register(@Nullable Consumer<Boolean> done, int attempt) {
    wantRegistered = true;
    Request req = new Request(Code.POST);
    req.getOptions().setUriPath("rd");
    req.getOptions().addUriQuery("ep=" + imei.value());
    req.getOptions().addUriQuery("lt=" + cfg.lifetime().getSeconds());
    req.getOptions().addUriQuery("b=U");
    req.getOptions().addUriQuery("lwm2m=1.0");
    req.getOptions().setContentFormat(CF_LINK);
    req.setPayload(SimulatorImpl.LINKS);
    request(
        req,
        cfg.server(),
        new Handler() {
          @Override
          public void onResponse(Response r) {
            if (r.getCode() != ResponseCode.CREATED) {
              LOG.info("{}: registration answered {}", imei, r.getCode());
              report(done, false);
              return;
            }
            setLocation(r.getOptions().getLocationPathString());
            scheduleUpdate((long) (cfg.lifetime().toMillis() * UPDATE_AT));
            sim.emit(l -> l.onRegistered(imei));
            report(done, true);
          }

          @Override
          public void onFailure(String reason) {
            if (attempt < REGISTER_ATTEMPTS && wantRegistered && location == null) {
              LOG.debug("{}: registration attempt {} failed: {}", imei, attempt, reason);
              register(done, attempt + 1);
            } else {
              LOG.info("{}: registration failed: {}", imei, reason);
              report(done, false);
            }
          }
        });
  }

  private static void report(@Nullable Consumer<Boolean> done, boolean ok) {
    if (done != null) {
      done.accept(ok);
    }
  }

  private void setLocation(@Nullable String loc) {
    boolean was = location != null;
    location = loc;
    if (was != (loc != null)) {
      sim.registeredChanged(loc != null);
    }
  }

  /** Sends a registration update ({@code POST /rd/<id>}); registers if the server forgot us. */
  void updateRegistration(@Nullable Consumer<Boolean> done) {
    String loc = location;
    if (loc == null) {
      register(done);
      return;
    }
    Request req = new Request(Code.POST);
    req.getOptions().setUriPath(loc);
    request(
        req,
        cfg.server(),
        new Handler() {
          @Override
          public void onResponse(Response r) {
            if (r.getCode() == ResponseCode.CHANGED) {
              scheduleUpdate((long) (cfg.lifetime().toMillis() * UPDATE_AT));
              report(done, true);
            } else {
              setLocation(null); // 4.04: the server forgot us
              register(done);
            }
          }

          @Override
          public void onFailure(String reason) {
            LOG.info("{}: registration update failed: {}", imei, reason);
            if (wantRegistered) {
              scheduleUpdate(Math.max(1000, cfg.lifetime().toMillis() / 10));
            }
            report(done, false);
          }
        });
  }

  private void scheduleUpdate(long millis) {
    cancelUpdateTimer();
    updateTimer = sim.timers().schedule(millis * 1_000_000L, () -> updateRegistration(null));
  }

  private void cancelUpdateTimer() {
    TimerQueue.Timer t = updateTimer;
    if (t != null) {
      t.cancel();
      updateTimer = null;
    }
  }

  // ------------------------------------------------------------------ objects

  private static @Nullable Kind kind(int object, int resource) {
    switch (object) {
      case 3:
        switch (resource) {
          case 0:
          case 1:
          case 2:
          case 3:
          case 16:
            return Kind.STRING;
          case 4:
            return Kind.EXECUTE;
          case 11:
            return Kind.MULTI_INTEGER;
          default:
            return null;
        }
      case 4:
        return resource == 0 || resource == 2 || resource == 3 || resource == 8
            ? Kind.INTEGER
            : null;
      case 5:
        switch (resource) {
          case 1:
          case 6:
          case 7:
            return Kind.STRING;
          case 2:
            return Kind.EXECUTE;
          case 3:
          case 5:
          case 9:
            return Kind.INTEGER;
          case 8:
            return Kind.MULTI_INTEGER;
          default:
            return null;
        }
      case 19:
        return resource == 0 ? Kind.OPAQUE : null;
      default:
        return null;
    }
  }

  private static final int[] RESOURCES_3 = {0, 1, 2, 3, 11, 16};
  private static final int[] RESOURCES_4 = {0, 2, 3, 8};
  private static final int[] RESOURCES_5 = {1, 3, 5, 6, 7, 8, 9};

  /** The current value of a readable resource, or null (then 4.04). */
  private @Nullable Object value(int object, int resource) {
    FirmwareStatus s;
    switch (object) {
      case 3:
        switch (resource) {
          case 0:
            return cfg.manufacturer();
          case 1:
            return cfg.model();
          case 2:
            return imei.value();
          case 3:
            return firmwareVersion;
          case 11:
            return 0L;
          case 16:
            return "U";
          default:
            return null;
        }
      case 4:
        if (resource == 0) {
          return 7L; // network bearer 7: NB-IoT
        }
        RadioReport radio = cfg.radio().apply(index);
        Number n =
            resource == 2 ? radio.rsrpDbm() : resource == 3 ? radio.sinrDb() : radio.cellId();
        return n == null ? null : n.longValue();
      case 5:
        s = machine.status();
        switch (resource) {
          case 1:
            return s.packageUri();
          case 3:
            return (long) s.state().code();
          case 5:
            return (long) s.result().code();
          case 6:
            return s.packageName() == null ? "" : s.packageName();
          case 7:
            return s.packageVersion() == null ? "" : s.packageVersion();
          case 8:
          case 9:
            return 0L; // protocol support: CoAP; delivery method: pull only
          default:
            return null;
        }
      case 19:
        return new byte[0];
      default:
        return null;
    }
  }

  private Response serve(Request req, InetSocketAddress from) {
    List<String> path = req.getOptions().getUriPath();
    int[] ids = new int[path.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = parseId(path.get(i));
      if (ids[i] < 0) {
        return new Response(ResponseCode.NOT_FOUND);
      }
    }
    if (ids.length == 3) {
      if (ids[0] == 19 && ids[1] == 1 && ids[2] == 0) {
        return serveDownlink(req);
      }
      boolean instanceOk = ids[0] == 19 ? ids[1] == 0 : ids[1] == 0;
      Kind kind = instanceOk ? kind(ids[0], ids[2]) : null;
      if (kind == null) {
        return new Response(ResponseCode.NOT_FOUND);
      }
      return serveResource(req, from, ids[0], ids[2], kind);
    }
    if (ids.length == 2 && ids[1] == 0 && (ids[0] == 3 || ids[0] == 4 || ids[0] == 5)) {
      return serveInstance(req, ids[0]);
    }
    if (ids.length == 1 && (ids[0] == 3 || ids[0] == 4 || ids[0] == 5 || ids[0] == 19)) {
      return new Response(ResponseCode.METHOD_NOT_ALLOWED);
    }
    return new Response(ResponseCode.NOT_FOUND);
  }

  private static int parseId(String s) {
    if (s.isEmpty() || s.length() > 5) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private Response serveInstance(Request req, int object) {
    if (req.getCode() != Code.GET) {
      return new Response(ResponseCode.METHOD_NOT_ALLOWED);
    }
    int accept = req.getOptions().getAccept();
    if (accept != MediaTypeRegistry.UNDEFINED && accept != CF_TLV) {
      return new Response(ResponseCode.NOT_ACCEPTABLE);
    }
    int[] ids = object == 3 ? RESOURCES_3 : object == 4 ? RESOURCES_4 : RESOURCES_5;
    TlvWriter w = new TlvWriter();
    for (int id : ids) {
      Object v = value(object, id);
      if (v != null) {
        appendTlv(w, kind(object, id), id, v);
      }
    }
    Response r = new Response(ResponseCode.CONTENT);
    r.setPayload(w.toByteArray());
    r.getOptions().setContentFormat(CF_TLV);
    return r;
  }

  private static void appendTlv(TlvWriter w, @Nullable Kind kind, int id, Object v) {
    if (kind == Kind.INTEGER) {
      w.integer(id, ((Number) v).longValue());
    } else if (kind == Kind.MULTI_INTEGER) {
      w.multiInteger(id, ((Number) v).longValue());
    } else {
      w.string(id, String.valueOf(v));
    }
  }

  private Response serveResource(
      Request req, InetSocketAddress from, int object, int resource, Kind kind) {
    Code code = req.getCode();
    if (code == Code.GET) {
      return read(req, from, object, resource, kind);
    }
    if (code == Code.PUT) {
      if (object == 5 && resource == 1) {
        return writePackageUri(req);
      }
      return new Response(ResponseCode.METHOD_NOT_ALLOWED);
    }
    if (code == Code.POST && kind == Kind.EXECUTE) {
      return object == 5 ? executeUpdate() : executeReboot();
    }
    return new Response(ResponseCode.METHOD_NOT_ALLOWED);
  }

  private Response read(Request req, InetSocketAddress from, int object, int resource, Kind kind) {
    if (kind == Kind.EXECUTE || kind == Kind.WRITE_ONLY) {
      return new Response(ResponseCode.METHOD_NOT_ALLOWED);
    }
    Object v = value(object, resource);
    if (v == null) {
      return new Response(ResponseCode.NOT_FOUND);
    }
    int accept = req.getOptions().getAccept();
    int format;
    if (accept == MediaTypeRegistry.UNDEFINED) {
      format = kind == Kind.OPAQUE ? CF_OPAQUE : kind == Kind.MULTI_INTEGER ? CF_TLV : CF_TEXT;
    } else {
      boolean ok =
          accept == CF_TLV
              || (accept == CF_TEXT && (kind == Kind.STRING || kind == Kind.INTEGER))
              || (accept == CF_OPAQUE && kind == Kind.OPAQUE);
      if (!ok) {
        return new Response(ResponseCode.NOT_ACCEPTABLE);
      }
      format = accept;
    }
    byte[] payload;
    if (format == CF_TLV) {
      TlvWriter w = new TlvWriter();
      if (kind == Kind.OPAQUE) {
        payload = new byte[0];
      } else {
        appendTlv(w, kind, resource, v);
        payload = w.toByteArray();
      }
    } else if (format == CF_OPAQUE) {
      payload = (byte[]) v;
    } else {
      payload = String.valueOf(v).getBytes(StandardCharsets.UTF_8);
    }
    Response r = new Response(ResponseCode.CONTENT);
    r.setPayload(payload);
    r.getOptions().setContentFormat(format);
    Integer observe = req.getOptions().getObserve();
    boolean observable = (object == 5 && resource == 3) || object == 19;
    if (observe != null && observable) {
      if (observe == 0) {
        if (object == 5) {
          stateToken = req.getToken();
          stateObserver = from;
          notifyQueue.clear();
        } else {
          uplinkToken = req.getToken();
        }
        r.getOptions().setObserve(nextObserveSeq());
      } else if (observe == 1) {
        if (object == 5 && req.getToken().equals(stateToken)) {
          clearStateObservation();
        } else if (object == 19 && req.getToken().equals(uplinkToken)) {
          uplinkToken = null;
        }
      }
    }
    return r;
  }

  private int nextObserveSeq() {
    int s = observeSeq;
    observeSeq = (observeSeq + 1) & 0xffffff;
    return s;
  }

  private Response serveDownlink(Request req) {
    if (req.getCode() != Code.PUT) {
      return new Response(ResponseCode.METHOD_NOT_ALLOWED);
    }
    if (req.getPayloadSize() > MAX_WRITE_BYTES) {
      return new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    }
    int cf = req.getOptions().getContentFormat();
    if (cf != MediaTypeRegistry.UNDEFINED && cf != CF_OPAQUE && cf != CF_TLV) {
      return new Response(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
    }
    return new Response(ResponseCode.CHANGED);
  }

  // ------------------------------------------------------------------ object 5

  private void onTransition(Transition.Accepted t) {
    FirmwareStatus s = t.status();
    if (stateToken != null) {
      if (notifyQueue.size() >= MAX_QUEUED_NOTIFICATIONS) {
        notifyQueue.poll();
      }
      notifyQueue.add(s.state().code());
      if (!inHandler) {
        pumpNotifications();
      }
    }
    sim.emit(l -> l.onStateChanged(imei, s.state(), s.result()));
    FirmwareState before = t.before().state();
    boolean ended =
        (before == FirmwareState.DOWNLOADING || before == FirmwareState.UPDATING)
            && s.state() != FirmwareState.UPDATING
            && s.state() != before
            && s.result() != UpdateResult.INITIAL
            && !(before == FirmwareState.DOWNLOADING && s.state() == FirmwareState.DOWNLOADED);
    if (ended) {
      sim.outcome(s.result() == UpdateResult.SUCCESS);
      String v = firmwareVersion;
      sim.emit(l -> l.onOutcome(imei, s.result(), v));
    }
  }

  private void pumpNotifications() {
    Token token = stateToken;
    InetSocketAddress to = stateObserver;
    if (notifyInFlight || token == null || to == null || notifyQueue.isEmpty()) {
      return;
    }
    int state = notifyQueue.poll();
    Response n = new Response(ResponseCode.CONTENT);
    n.setType(Type.CON);
    n.setMID(mid());
    n.setToken(token);
    n.getOptions().setObserve(nextObserveSeq());
    n.getOptions().setContentFormat(CF_TEXT);
    n.setPayload(Integer.toString(state));
    Outgoing o = new Outgoing(n.getMID(), token, sim.serializer().getByteArray(n), to, null, true);
    notifyInFlight = true;
    sim.notified();
    transmit(o);
  }

  private void clearStateObservation() {
    stateToken = null;
    stateObserver = null;
    notifyQueue.clear();
    notifyInFlight = false;
    pending.removeIf(
        o -> {
          if (o.notification) {
            cancelTimers(o);
            return true;
          }
          return false;
        });
  }

  private Response writePackageUri(Request req) {
    if (req.getPayloadSize() > MAX_WRITE_BYTES) {
      return new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    }
    int cf = req.getOptions().getContentFormat();
    ContentFormat format;
    if (cf == MediaTypeRegistry.UNDEFINED || cf == CF_TEXT) {
      format = ContentFormat.TEXT;
    } else if (cf == CF_TLV) {
      format = ContentFormat.TLV;
    } else {
      return new Response(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
    }
    Optional<String> text = Lwm2mContent.of(format, req.getPayload()).asText();
    if (text.isEmpty() || text.get().length() > MAX_URI) {
      return new Response(ResponseCode.BAD_REQUEST);
    }
    String uri = text.get();
    if (uri.isEmpty()) {
      if (!machine.apply(new FirmwareEvent.PackageUriWritten("")).accepted()) {
        return new Response(ResponseCode.BAD_REQUEST);
      }
      gen++;
      download = null;
      packageVerified = false;
      downloadedBytes = 0;
      return new Response(ResponseCode.CHANGED);
    }
    if (!machine.permits(FirmwareEvent.Kind.PACKAGE_URI_WRITTEN)) {
      return new Response(ResponseCode.BAD_REQUEST);
    }
    int g = ++gen;
    packageVerified = false;
    download = null;
    if (!machine.apply(new FirmwareEvent.PackageUriWritten(uri)).accepted()) {
      return new Response(ResponseCode.BAD_REQUEST);
    }
    afterResponse = () -> startDownload(uri, g);
    return new Response(ResponseCode.CHANGED);
  }

  private boolean current(int g) {
    return g == gen && machine.state() == FirmwareState.DOWNLOADING;
  }

  private void startDownload(String uri, int g) {
    if (!current(g)) {
      return;
    }
    Object target = sim.resolve(uri);
    if (target instanceof UpdateResult failure) {
      downloadFailed(failure);
      return;
    }
    downloadedBytes = 0;
    Download d =
        new Download(
            uri,
            (UriTarget) target,
            g,
            cfg.flashBytes().applyAsLong(index),
            BlockOption.size2Szx(cfg.blockSize()),
            cfg.verifyDigest());
    download = d;
    requestBlock(d);
  }

  private void requestBlock(Download d) {
    int size = 1 << (d.szx + 4);
    Request req = new Request(Code.GET);
    String path = d.target.path();
    if (!path.isEmpty()) {
      req.getOptions().setUriPath(path);
    }
    if (d.target.query() != null) {
      req.getOptions().setUriQuery(d.target.query());
    }
    req.getOptions().setBlock2(d.szx, false, (int) (d.offset / size));
    request(
        req,
        d.target.address(),
        new Handler() {
          @Override
          public void onResponse(Response r) {
            onBlock(d, r);
          }

          @Override
          public void onFailure(String reason) {
            if (download == d && current(d.gen)) {
              LOG.info("{}: download of {} failed: {}", imei, d.uri, reason);
              downloadFailed(UpdateResult.CONNECTION_LOST);
            }
          }
        });
  }

  private void onBlock(Download d, Response r) {
    if (download != d || !current(d.gen)) {
      return;
    }
    if (r.getCode() != ResponseCode.CONTENT) {
      LOG.info("{}: download of {} answered {}", imei, d.uri, r.getCode());
      downloadFailed(
          r.getCode() == ResponseCode.NOT_FOUND
              ? UpdateResult.INVALID_URI
              : UpdateResult.UPDATE_FAILED);
      return;
    }
    Integer size2 = r.getOptions().getSize2();
    if (size2 != null && size2 > d.capacity) {
      downloadFailed(UpdateResult.NOT_ENOUGH_FLASH);
      return;
    }
    byte[] tag = r.getOptions().getETagCount() > 0 ? r.getOptions().getETags().get(0) : null;
    if (d.etag != null && tag != null && !Arrays.equals(d.etag, tag)) {
      if (++d.restarts > MAX_RESTARTS) {
        downloadFailed(UpdateResult.UPDATE_FAILED);
        return;
      }
      LOG.info("{}: package {} changed (ETag), restarting", imei, d.uri);
      d.offset = 0;
      d.etag = null;
      d.stream = new QdfeStream(cfg.verifyDigest());
      downloadedBytes = 0;
      requestBlock(d);
      return;
    }
    d.etag = tag;
    byte[] payload = r.getPayload();
    BlockOption block = r.getOptions().getBlock2();
    boolean more;
    if (block == null) {
      if (d.offset != 0) {
        downloadFailed(UpdateResult.UPDATE_FAILED);
        return;
      }
      more = false;
    } else {
      if (block.getOffset() != d.offset || block.getSzx() > d.szx || block.isBERT()) {
        downloadFailed(UpdateResult.UPDATE_FAILED);
        return;
      }
      more = block.isM();
      if (more && payload.length != block.getSize()) {
        downloadFailed(UpdateResult.UPDATE_FAILED);
        return;
      }
      d.szx = block.getSzx();
    }
    if (d.offset + payload.length > d.capacity) {
      downloadFailed(UpdateResult.NOT_ENOUGH_FLASH);
      return;
    }
    d.stream.update(payload, 0, payload.length);
    d.offset += payload.length;
    downloadedBytes = d.offset;
    sim.block(payload.length);
    if (more) {
      requestBlock(d);
      return;
    }
    download = null;
    UpdateResult refusal = d.stream.refusal(firmwareVersion);
    if (refusal != null && !refusal.isDownloadFailure()) {
      refusal = UpdateResult.INTEGRITY_FAILURE;
    }
    if (refusal != null) {
      LOG.debug("{}: package {} refused: result {}", imei, d.uri, refusal.code());
      downloadFailed(refusal);
      return;
    }
    packageVerified = true;
    verifiedToVersion = d.stream.toVersion();
    machine.apply(new FirmwareEvent.DownloadCompleted());
  }

  /**
   * A bare Block2 fetch (no LwM2M state): GETs the target block by block, as a download does, and
   * reports the bytes and the time; for a baseline against a plain CoAP server.
   */
  void fetch(UriTarget target, Consumer<FetchOutcome> done) {
    long t0 = System.nanoTime();
    fetchBlock(target, BlockOption.size2Szx(cfg.blockSize()), 0, t0, done);
  }

  private void fetchBlock(
      UriTarget target, int szx, long offset, long t0, Consumer<FetchOutcome> done) {
    int size = 1 << (szx + 4);
    Request req = new Request(Code.GET);
    if (!target.path().isEmpty()) {
      req.getOptions().setUriPath(target.path());
    }
    if (target.query() != null) {
      req.getOptions().setUriQuery(target.query());
    }
    req.getOptions().setBlock2(szx, false, (int) (offset / size));
    request(
        req,
        target.address(),
        new Handler() {
          @Override
          public void onResponse(Response r) {
            BlockOption block = r.getOptions().getBlock2();
            byte[] payload = r.getPayload();
            if (r.getCode() != ResponseCode.CONTENT
                || (block == null && offset != 0)
                || (block != null && (block.getOffset() != offset || block.getSzx() > szx))) {
              done.accept(outcome(offset, false, t0));
              return;
            }
            sim.block(payload.length);
            long next = offset + payload.length;
            if (block != null && block.isM()) {
              fetchBlock(target, block.getSzx(), next, t0, done);
            } else {
              done.accept(outcome(next, true, t0));
            }
          }

          @Override
          public void onFailure(String reason) {
            done.accept(outcome(offset, false, t0));
          }
        });
  }

  private FetchOutcome outcome(long bytes, boolean complete, long t0) {
    return new FetchOutcome(imei, bytes, complete, Duration.ofNanos(System.nanoTime() - t0));
  }

  private void downloadFailed(UpdateResult result) {
    download = null;
    packageVerified = false;
    machine.apply(new FirmwareEvent.DownloadFailed(result));
  }

  private Response executeUpdate() {
    if (!machine.apply(new FirmwareEvent.UpdateExecuted()).accepted()) {
      return new Response(ResponseCode.METHOD_NOT_ALLOWED);
    }
    int g = gen;
    afterResponse = () -> sim.timers().schedule(cfg.updateTime().toNanos(), () -> runUpdate(g));
    return new Response(ResponseCode.CHANGED);
  }

  private void runUpdate(int g) {
    if (g != gen || machine.state() != FirmwareState.UPDATING) {
      return;
    }
    String v = verifiedToVersion;
    if (v == null) {
      v = machine.status().packageVersion();
    }
    if (v != null) {
      firmwareVersion = v;
    }
    packageVerified = false;
    verifiedToVersion = null;
    rebootWith(new FirmwareEvent.UpdateSucceeded());
  }

  private Response executeReboot() {
    afterResponse = () -> rebootWith(null);
    return new Response(ResponseCode.CHANGED);
  }

  /**
   * Reboots: drops the registration and the {@code /19/0/0} observation and any download, applies
   * the outcome (or T11) and registers again; the {@code /5/0/3} observation survives (P9).
   */
  private void rebootWith(@Nullable FirmwareEvent after) {
    setLocation(null);
    cancelUpdateTimer();
    gen++;
    download = null;
    uplinkToken = null;
    pending.removeIf(
        o -> {
          if (!o.notification) {
            cancelTimers(o);
            return true;
          }
          return false;
        });
    FirmwareEvent event = after != null ? after : new FirmwareEvent.Rebooted(packageVerified);
    Transition t = machine.apply(event);
    if (t instanceof Transition.Rejected r) {
      LOG.warn("{}: {} rejected: {}", imei, event, r.reason());
      if (event instanceof FirmwareEvent.UpdateFailed f) {
        machine.apply(new FirmwareEvent.UpdateFailed(UpdateResult.UPDATE_FAILED, f.packageKept()));
      }
    }
    register(null);
  }

  @Override
  public String toString() {
    return "SimDevice[" + imei + ", " + machine.state() + "]";
  }

  /** For {@link DeviceSimulator.Listener} lookups in logs. */
  int index() {
    return index;
  }
}
