package io.dfota.bench.fleet;

import io.dfota.emulator.sim.DeviceSimulator;
import io.dfota.emulator.sim.FetchOutcome;
import io.dfota.emulator.sim.SimCounters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline of issue #9: a bare Californium 3.x {@link CoapServer} serving the same package with
 * Block2 (Californium's own block-wise layer, RFC 7959 with early negotiation of the block size) to
 * N bare Californium endpoints (one loopback port each), each fetching the whole package block by
 * block, all at once. No LwM2M, no campaign. Same CoAP timing as dfota-lwm2m (ACK timeout 2 s, 4
 * retransmissions) and the same number of server protocol-stage threads.
 */
final class BaselineScenario {
  private static final Logger LOG = LoggerFactory.getLogger(BaselineScenario.class);

  /** What the baseline measured. */
  record Outcome(
      int devices,
      int completed,
      double elapsedSeconds,
      Histogram latencyMicros,
      CoapTraffic.Snapshot server,
      CoapTraffic.Snapshot clients,
      long udpRcvbufErrors,
      long processCpuNanos) {}

  /** The same receive buffer as dfota-lwm2m's server ({@code ServerImpl.RECEIVE_BUFFER_BYTES}). */
  static final int SERVER_RECEIVE_BUFFER_BYTES = 4 << 20;

  private BaselineScenario() {}

  static Configuration configuration(FleetConfig cfg, int protocolThreads) {
    Configuration c = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
    c.set(CoapConfig.ACK_TIMEOUT, 2000, TimeUnit.MILLISECONDS);
    c.set(CoapConfig.MAX_ACK_TIMEOUT, 8000, TimeUnit.MILLISECONDS);
    c.set(CoapConfig.ACK_INIT_RANDOM, 1.0f);
    c.set(CoapConfig.MAX_RETRANSMIT, 4);
    c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, Math.max(8192, cfg.sizeBytes()));
    c.set(CoapConfig.PREFERRED_BLOCK_SIZE, cfg.block());
    c.set(CoapConfig.MAX_MESSAGE_SIZE, cfg.block());
    c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, protocolThreads);
    c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    return c;
  }

  /**
   * The server's configuration: the device's, with the receive buffer dfota-lwm2m's server asks
   * for.
   */
  static Configuration serverConfiguration(FleetConfig cfg) {
    Configuration c = configuration(cfg, cfg.serverThreads());
    c.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, SERVER_RECEIVE_BUFFER_BYTES);
    return c;
  }

  /**
   * Runs the baseline.
   *
   * @param cfg the configuration (devices, size, block, server threads, timeout)
   * @param pkg the package bytes
   * @return the measures
   */
  static Outcome run(FleetConfig cfg, SignedPackage pkg)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    int n = cfg.devices();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Configuration serverConfig = serverConfiguration(cfg);
    CoapServer server = new CoapServer(serverConfig);
    CoapEndpoint serverEp =
        new CoapEndpoint.Builder()
            .setConfiguration(serverConfig)
            .setInetSocketAddress(new InetSocketAddress(loopback, 0))
            .setLoggingTag("baseline-server")
            .build();
    server.addEndpoint(serverEp);
    byte[] payload = pkg.payload().copy();
    server.add(
        new CoapResource("fw") {
          @Override
          public void handleGET(CoapExchange exchange) {
            exchange.respond(ResponseCode.CONTENT, payload, 42);
          }
        });
    List<CoapEndpoint> clients = new ArrayList<>();
    List<ScheduledExecutorService> executors = new ArrayList<>();
    try {
      server.start();
      InetSocketAddress address = serverEp.getAddress();
      if (cfg.sim()) {
        return runSim(cfg, address, payload.length);
      }
      Configuration clientConfig = configuration(cfg, 1);
      for (int i = 0; i < n; i++) {
        CoapEndpoint ep =
            new CoapEndpoint.Builder()
                .setConfiguration(clientConfig)
                .setInetSocketAddress(new InetSocketAddress(loopback, 0))
                .setLoggingTag("baseline-client-" + i)
                .build();
        // one protocol thread and one timer thread per device, as a dfota-lwm2m client has
        ScheduledExecutorService main =
            Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("baseline-client-" + i + "#"));
        ScheduledExecutorService secondary =
            Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("baseline-client-timer-" + i + "#"));
        executors.add(main);
        executors.add(secondary);
        ep.setExecutors(main, secondary);
        ep.start();
        clients.add(ep);
      }
      ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(2), 3);
      AtomicInteger completed = new AtomicInteger();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      CoapTraffic.reset();
      int szx = BlockOption.size2Szx(cfg.block());
      long rcvbuf0 = JvmProbes.udpRcvbufErrors();
      long cpu0 = JvmProbes.processCpuNanos();
      long t0 = System.nanoTime();
      for (CoapEndpoint ep : clients) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        done.add(f);
        long start = System.nanoTime();
        Request get = Request.newGet();
        get.setURI(
            "coap://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/fw");
        get.getOptions().setBlock2(szx, false, 0);
        get.addMessageObserver(
            new MessageObserverAdapter() {
              @Override
              public void onResponse(Response response) {
                if (response.getCode() == ResponseCode.CONTENT
                    && response.getPayloadSize() == payload.length) {
                  completed.incrementAndGet();
                  latency.recordValue((System.nanoTime() - start) / 1000);
                } else {
                  LOG.warn(
                      "baseline: {} with {} bytes", response.getCode(), response.getPayloadSize());
                }
                f.complete(null);
              }

              @Override
              protected void failed() {
                f.complete(null);
              }
            });
        ep.sendRequest(get);
      }
      PlatformScenario.awaitAll(done, t0 + cfg.timeout().toNanos(), "baseline downloads");
      long t1 = System.nanoTime();
      return new Outcome(
          n,
          completed.get(),
          (t1 - t0) / 1e9,
          latency,
          CoapTraffic.snapshot(CoapTraffic.Role.BASELINE_SERVER),
          CoapTraffic.snapshot(CoapTraffic.Role.BASELINE_DEVICES),
          JvmProbes.udpRcvbufErrors() - rcvbuf0,
          JvmProbes.processCpuNanos() - cpu0);
    } finally {
      for (CoapEndpoint ep : clients) {
        ep.destroy();
      }
      executors.forEach(ScheduledExecutorService::shutdownNow);
      server.destroy();
    }
  }

  /**
   * The baseline's devices as one {@link DeviceSimulator}: not registered, each does a bare Block2
   * fetch of {@code /fw} with the same block size, CoAP timing and code as its platform download.
   */
  private static Outcome runSim(FleetConfig cfg, InetSocketAddress address, int length)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (DeviceSimulator sim =
        DeviceSimulator.builder()
            .server(address)
            .devices(cfg.devices())
            .blockSize(cfg.block())
            .coapTiming(Duration.ofSeconds(2), 4)
            .build()) {
      sim.startUnregistered().get(1, TimeUnit.MINUTES);
      URI uri =
          URI.create(
              "coap://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/fw");
      ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(2), 3);
      CoapTraffic.reset();
      SimCounters c0 = sim.counters();
      long rcvbuf0 = JvmProbes.udpRcvbufErrors();
      long cpu0 = JvmProbes.processCpuNanos();
      long t0 = System.nanoTime();
      List<FetchOutcome> outcomes =
          sim.fetch(uri).get(cfg.timeout().toNanos(), TimeUnit.NANOSECONDS);
      long t1 = System.nanoTime();
      int completed = 0;
      for (FetchOutcome o : outcomes) {
        if (o.complete() && o.bytes() == length) {
          completed++;
          latency.recordValue(o.elapsed().toNanos() / 1000);
        }
      }
      if (completed < outcomes.size()) {
        LOG.warn(
            "baseline: {} of {} fetches incomplete", outcomes.size() - completed, outcomes.size());
      }
      return new Outcome(
          cfg.devices(),
          completed,
          (t1 - t0) / 1e9,
          latency,
          CoapTraffic.snapshot(CoapTraffic.Role.BASELINE_SERVER),
          simTraffic(c0, sim.counters()),
          JvmProbes.udpRcvbufErrors() - rcvbuf0,
          JvmProbes.processCpuNanos() - cpu0);
    }
  }

  /** The simulated devices' traffic (datagrams and retransmissions; bytes are not counted). */
  static CoapTraffic.Snapshot simTraffic(SimCounters before, SimCounters after) {
    return new CoapTraffic.Snapshot(
        after.datagramsSent() - before.datagramsSent(),
        0,
        after.retransmissions() - before.retransmissions(),
        0,
        0,
        0,
        0);
  }
}
