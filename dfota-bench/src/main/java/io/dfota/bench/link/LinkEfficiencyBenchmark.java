package io.dfota.bench.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dfota.core.DfotaException;
import io.dfota.core.FotaTarget;
import io.dfota.core.PackageContent;
import io.dfota.lwm2m.CoapTiming;
import io.dfota.lwm2m.LinkFaults;
import io.dfota.lwm2m.LinkStats;
import io.dfota.lwm2m.Lwm2mClient;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.lwm2m.PackageStore;
import io.dfota.lwm2m.internal.FaultInjectingConnector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.jspecify.annotations.Nullable;

/**
 * Link efficiency on an emulated NB-IoT link (issue #9 goal): a bare {@link Lwm2mServer} publishes
 * a package and writes its Package URI (LwM2M /5/0/1, protocol-notes §4.1) to a few {@link
 * Lwm2mClient}s, each behind its own UDP relay whose server side is a {@link LinkFaults} link
 * (fixed one-way delay RTT/2, drop rate, {@code bitsPerSecond} serialisation each way). The device
 * pulls the package block by block (Block2, one CON GET per block). The relay sees the device's
 * datagrams without delay, so it times the download as the device sees it: from the first block GET
 * the device sends to the last block the device receives. Goodput = S / time; the stop-and-wait
 * bound is B / (RTT + 8·B / rate) with B the block size. One JSON line per configuration.
 *
 * <p>Run: {@code java -cp dfota-bench/target/dfota-bench-*.jar
 * io.dfota.bench.link.LinkEfficiencyBenchmark [--rtt-ms=1000,4000,8000] [--loss=0,0.05]
 * [--block=512,1024] [--size=8192] [--rate=20000] [--devices=2] [--ack-factor=1.5]
 * [--ack-random=1.2]}.
 */
public final class LinkEfficiencyBenchmark {

  /** One configuration: link, block size, package size and number of devices. */
  public record Config(
      Duration rtt,
      double loss,
      long bitsPerSecond,
      int blockSize,
      int packageBytes,
      int devices,
      double ackFactor,
      double ackRandomFactor) {
    /** A configuration with the default fit: ACK_TIMEOUT 1.5 × the exchange, random factor 1.2. */
    public Config(
        Duration rtt,
        double loss,
        long bitsPerSecond,
        int blockSize,
        int packageBytes,
        int devices) {
      this(rtt, loss, bitsPerSecond, blockSize, packageBytes, devices, 1.5, 1.2);
    }

    /** Validates the configuration. */
    public Config {
      if (!(ackFactor >= 1 && ackFactor <= 10) || !(ackRandomFactor >= 1 && ackRandomFactor <= 4)) {
        throw new DfotaException(
            "ackFactor, ackRandomFactor: "
                + ackFactor
                + ", "
                + ackRandomFactor
                + " (expected: 1..10, 1..4)");
      }
      if (rtt.isNegative() || rtt.isZero()) {
        throw new DfotaException("rtt: " + rtt + " (expected: > 0)");
      }
      if (!(loss >= 0 && loss < 0.5)) {
        throw new DfotaException("loss: " + loss + " (expected: 0..0.5)");
      }
      if (bitsPerSecond <= 0) {
        throw new DfotaException("bitsPerSecond: " + bitsPerSecond + " (expected: > 0)");
      }
      if (Integer.bitCount(blockSize) != 1 || blockSize < 16 || blockSize > 1024) {
        throw new DfotaException("blockSize: " + blockSize + " (expected: 16..1024, power of 2)");
      }
      if (packageBytes <= 0 || packageBytes > (1 << 20)) {
        throw new DfotaException("packageBytes: " + packageBytes + " (expected: 1..1 MiB)");
      }
      if (devices <= 0 || devices > 64) {
        throw new DfotaException("devices: " + devices + " (expected: 1..64)");
      }
    }

    /** The stop-and-wait bound in bytes per second: B / (RTT + 8·B / rate). */
    public double boundBytesPerSecond() {
      double seconds = rtt.toNanos() / 1e9;
      return blockSize / (seconds + 8.0 * blockSize / bitsPerSecond);
    }

    /**
     * CoAP timing fitted to the link: ACK_TIMEOUT = ackFactor × (RTT + serialisation of one block
     * and of its GET), random factor ackRandomFactor, no cap on the back-off (docs/coap-timing.md).
     */
    public CoapTiming timing() {
      long exchangeNanos =
          rtt.toNanos() + (blockSize + 64L + 64L) * 8L * 1_000_000_000L / bitsPerSecond;
      Duration ack = Duration.ofMillis(Math.max(100, (long) (exchangeNanos * ackFactor / 1e6)));
      return CoapTiming.NB_IOT.toBuilder()
          .ackTimeout(ack)
          .ackRandomFactor(ackRandomFactor)
          .maxAckTimeout(ack.multipliedBy(32))
          .build();
    }
  }

  /** One device's measured download. */
  public record DeviceResult(
      int device, long nanos, long blockGets, long datagramsDropped, boolean complete) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DOWNLOAD_LIMIT = Duration.ofMinutes(15);

  private LinkEfficiencyBenchmark() {}

  /**
   * Runs the configurations given as {@code --name=v1,v2} arguments (all combinations), all at once
   * (one server and its devices per configuration), and prints one JSON line per configuration.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new DfotaException("argument: " + a + " (expected: --name=value)");
      }
      opts.put(a.substring(2, eq), a.substring(eq + 1));
    }
    List<Config> configs = new ArrayList<>();
    long rate = Long.parseLong(opts.getOrDefault("rate", "20000"));
    int size = Integer.parseInt(opts.getOrDefault("size", "8192"));
    int devices = Integer.parseInt(opts.getOrDefault("devices", "2"));
    double ackFactor = Double.parseDouble(opts.getOrDefault("ack-factor", "1.5"));
    double ackRandom = Double.parseDouble(opts.getOrDefault("ack-random", "1.2"));
    for (String rtt : opts.getOrDefault("rtt-ms", "1000,4000,8000").split(",")) {
      for (String loss : opts.getOrDefault("loss", "0,0.05").split(",")) {
        for (String block : opts.getOrDefault("block", "512,1024").split(",")) {
          configs.add(
              new Config(
                  Duration.ofMillis(Long.parseLong(rtt.trim())),
                  Double.parseDouble(loss.trim()),
                  rate,
                  Integer.parseInt(block.trim()),
                  size,
                  devices,
                  ackFactor,
                  ackRandom));
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(configs.size());
    try {
      List<Future<String>> lines = new ArrayList<>();
      for (Config c : configs) {
        lines.add(pool.submit(() -> toJson(c, run(c))));
      }
      for (Future<String> f : lines) {
        System.out.println(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs one configuration: all its devices download the package at once. */
  public static List<DeviceResult> run(Config config) throws Exception {
    CoapTiming timing = config.timing();
    Lwm2mServer server =
        Lwm2mServer.builder()
            .coapTiming(timing)
            .maxBlockSize(Math.max(1024, config.blockSize()))
            .build();
    List<Lwm2mClient> clients = new ArrayList<>();
    List<Relay> relays = new ArrayList<>();
    try {
      server.start();
      Payload pkg = Payload.random("link-" + config.packageBytes(), config.packageBytes(), 42);
      String uri = server.fleet().publish(pkg);
      List<CompletableFuture<Void>> registered = new ArrayList<>();
      for (int i = 0; i < config.devices(); i++) {
        LinkFaults faults =
            LinkFaults.builder()
                .drop(config.loss())
                .delay(config.rtt().dividedBy(2), config.rtt().dividedBy(2))
                .rate(config.bitsPerSecond())
                .seed(1000L + i)
                .build();
        Relay relay = new Relay(server.localAddress(), faults);
        relays.add(relay);
        Lwm2mClient client =
            Lwm2mClient.builder()
                .endpoint("link-" + i)
                .server(relay.address())
                .coapTiming(timing)
                .blockSize(config.blockSize())
                .packageStore(PackageStore.inMemory(config.packageBytes() + 1024))
                .build();
        clients.add(client);
        registered.add(client.start());
      }
      for (CompletableFuture<Void> r : registered) {
        r.get(timing.maxTransmitWait().toSeconds() * 2 + 60, TimeUnit.SECONDS);
      }
      for (int i = 0; i < config.devices(); i++) {
        String ep = "link-" + i;
        FotaTarget target = server.fleet().target(ep).orElseThrow();
        server.fleet().allowDownload(ep, pkg.id());
        target.writePackageUri(uri);
      }
      List<DeviceResult> results = new ArrayList<>();
      for (int i = 0; i < relays.size(); i++) {
        Relay r = relays.get(i);
        boolean complete;
        try {
          r.done.get(DOWNLOAD_LIMIT.toSeconds(), TimeUnit.SECONDS);
          complete = true;
        } catch (TimeoutException | ExecutionException e) {
          complete = false;
        }
        LinkStats stats = r.stats();
        results.add(
            new DeviceResult(
                i,
                r.lastBlockNanos.get() - r.firstGetNanos.get(),
                r.blockGets.get(),
                stats.dropped(),
                complete));
      }
      return results;
    } finally {
      clients.forEach(Lwm2mClient::stop);
      relays.forEach(Relay::stop);
      server.stop();
    }
  }

  /** One JSON line for a configuration and its devices' results. */
  public static String toJson(Config c, List<DeviceResult> results) throws IOException {
    int blocks = (c.packageBytes() + c.blockSize() - 1) / c.blockSize();
    double bound = c.boundBytesPerSecond();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("benchmark", "link-efficiency");
    line.put("rttMs", c.rtt().toMillis());
    line.put("loss", c.loss());
    line.put("rateBitsPerSecond", c.bitsPerSecond());
    line.put("blockSize", c.blockSize());
    line.put("sizeBytes", c.packageBytes());
    line.put("blocks", blocks);
    line.put("devices", c.devices());
    line.put("ackTimeoutMs", c.timing().ackTimeout().toMillis());
    line.put("ackRandomFactor", c.ackRandomFactor());
    line.put("boundBytesPerSecond", round(bound));
    double minRatio = Double.MAX_VALUE;
    double sumRatio = 0;
    boolean allComplete = true;
    List<Map<String, Object>> per = new ArrayList<>();
    for (DeviceResult r : results) {
      double seconds = r.nanos() / 1e9;
      double goodput = r.complete() && seconds > 0 ? c.packageBytes() / seconds : 0;
      double ratio = goodput / bound;
      minRatio = Math.min(minRatio, ratio);
      sumRatio += ratio;
      allComplete &= r.complete();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("device", r.device());
      d.put("complete", r.complete());
      d.put("seconds", round(seconds));
      d.put("goodputBytesPerSecond", round(goodput));
      d.put("ratio", round(ratio));
      d.put("blockGets", r.blockGets());
      d.put("retransmittedGets", Math.max(0, r.blockGets() - blocks));
      d.put("datagramsDropped", r.datagramsDropped());
      per.add(d);
    }
    line.put("allComplete", allComplete);
    line.put("minRatio", round(results.isEmpty() ? 0 : minRatio));
    line.put("meanRatio", round(results.isEmpty() ? 0 : sumRatio / results.size()));
    line.put("met", !results.isEmpty() && allComplete && minRatio >= 0.95);
    line.put("perDevice", per);
    return JSON.writeValueAsString(line);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /**
   * A UDP relay between one device and the server; its server side is the faulty link, so the
   * device side sees the device's datagrams undelayed and times the download as the device does.
   * Rewrites the Package URI written to the device so the download also goes through the relay.
   */
  private static final class Relay {
    private final InetSocketAddress server;
    private final UDPConnector deviceSide;
    private final FaultInjectingConnector serverSide;
    private volatile @Nullable InetSocketAddress device;
    final AtomicLong firstGetNanos = new AtomicLong();
    final AtomicLong lastBlockNanos = new AtomicLong();
    final AtomicLong blockGets = new AtomicLong();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Relay(InetSocketAddress server, LinkFaults faults) throws IOException {
      this.server = server;
      Configuration cfg = new Configuration(UdpConfig.DEFINITIONS);
      cfg.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
      cfg.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
      InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      this.deviceSide = new UDPConnector(any, cfg);
      this.serverSide = faults.wrap(new UDPConnector(any, cfg));
      deviceSide.setRawDataReceiver(
          raw -> {
            device = raw.getInetSocketAddress();
            uplink(raw.getBytes());
            serverSide.send(
                RawData.outbound(raw.getBytes(), new AddressEndpointContext(server), null, false));
          });
      serverSide.setRawDataReceiver(
          raw -> {
            InetSocketAddress d = device;
            if (d != null) {
              byte[] out = downlink(raw.getBytes());
              deviceSide.send(RawData.outbound(out, new AddressEndpointContext(d), null, false));
            }
          });
      deviceSide.start();
      serverSide.start();
    }

    private void uplink(byte[] datagram) {
      Message m = parse(datagram);
      if (m instanceof Request r && r.getCode() == CoAP.Code.GET) {
        blockGets.incrementAndGet();
        firstGetNanos.compareAndSet(0, System.nanoTime());
      }
    }

    private byte[] downlink(byte[] datagram) {
      Message m = parse(datagram);
      if (m instanceof Response r) {
        BlockOption b2 = r.getOptions().getBlock2();
        if (b2 != null && !b2.isM() && firstGetNanos.get() != 0) {
          lastBlockNanos.compareAndSet(0, System.nanoTime());
          done.complete(null);
        }
        return datagram;
      }
      if (m instanceof Request r
          && (r.getCode() == CoAP.Code.PUT || r.getCode() == CoAP.Code.POST)
          && "5/0/1".equals(r.getOptions().getUriPathString())
          && r.getOptions().getContentFormat() == MediaTypeRegistry.TEXT_PLAIN) {
        String uri = r.getPayloadString();
        InetSocketAddress me = deviceSide.getAddress();
        String mine = "//" + me.getAddress().getHostAddress() + ":" + me.getPort();
        String out =
            uri.replace("//" + server.getAddress().getHostAddress() + ":" + server.getPort(), mine)
                .replace("//" + server.getHostString() + ":" + server.getPort(), mine);
        if (!out.equals(uri)) {
          r.setPayload(out);
          return new UdpDataSerializer().getByteArray(r);
        }
      }
      return datagram;
    }

    private static @Nullable Message parse(byte[] datagram) {
      try {
        return new UdpDataParser().parseMessage(datagram);
      } catch (RuntimeException e) {
        return null;
      }
    }

    InetSocketAddress address() {
      return deviceSide.getAddress();
    }

    LinkStats stats() {
      return serverSide.linkStats();
    }

    void stop() {
      deviceSide.destroy();
      serverSide.destroy();
    }
  }

  /** A random package held in memory. */
  private static final class Payload implements PackageContent {
    private final String id;
    private final byte[] bytes;
    private final String sha;

    private Payload(String id, byte[] bytes) {
      this.id = id;
      this.bytes = bytes;
      try {
        this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new DfotaException("SHA-256: missing (expected: a JDK provider)", e);
      }
    }

    static Payload random(String id, int size, long seed) {
      byte[] b = new byte[size];
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < size; i++) {
        b[i] = (byte) r.nextInt(256);
      }
      return new Payload(id, b);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public String sha256Hex() {
      return sha;
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
      if (offset >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - offset);
      dst.put(bytes, (int) offset, n);
      return n;
    }
  }
}
