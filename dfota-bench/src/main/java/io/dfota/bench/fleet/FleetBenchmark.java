package io.dfota.bench.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fleet benchmark of issue #9, one command: for each configuration (N devices, S KiB, Block2
 * size, per-cell cap off/on) it runs the bare Californium Block2 baseline and then the platform
 * (dfota-lwm2m server + campaign engine + in-memory store, N devices on loopback, one task over all
 * N), and prints one JSON line per configuration on stdout and a summary on stderr. The devices are
 * one {@code DeviceSimulator} thread on both sides ({@code --device-kind sim}, the default: the
 * same code fetches from both servers) or one dfota-lwm2m client / bare Californium endpoint per
 * device ({@code --device-kind client}).
 *
 * <pre>
 * mvn -B -q -pl dfota-bench -am package -DskipTests
 * java -cp dfota-bench/target/benchmarks.jar io.dfota.bench.fleet.FleetBenchmark \
 *     --devices 100,1000 --size-kib 16,100 --block 512,1024 --cap off,on
 * </pre>
 */
@Command(
    name = "fleet-benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Upgrades N emulated devices (CoAP side) on loopback through the dfota platform, and serves"
          + " the same package to N bare Californium clients as a baseline, in one JVM.",
      "Prints one JSON line per configuration on stdout; a summary on stderr."
    })
public final class FleetBenchmark implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--devices",
      split = ",",
      defaultValue = "100",
      paramLabel = "N",
      description =
          "Device counts, comma-separated (1 to 10000 with clients, to 20000 with sim; default"
              + " ${DEFAULT-VALUE}).")
  private List<Integer> devices = new ArrayList<>();

  @Option(
      names = "--size-kib",
      split = ",",
      defaultValue = "16",
      paramLabel = "S",
      description = "Package sizes in KiB, comma-separated (default ${DEFAULT-VALUE}).")
  private List<Integer> sizes = new ArrayList<>();

  @Option(
      names = "--block",
      split = ",",
      defaultValue = "512",
      paramLabel = "B",
      description = "Block2 sizes, comma-separated (16..1024; default ${DEFAULT-VALUE}).")
  private List<Integer> blocks = new ArrayList<>();

  @Option(
      names = "--cap",
      split = ",",
      defaultValue = "off",
      paramLabel = "off|on",
      description =
          "Per-cell concurrency cap: off (10000 per cell) or on (the platform default, 50 per"
              + " cell at coverage level 0); comma-separated (default ${DEFAULT-VALUE}).")
  private List<String> caps = new ArrayList<>();

  @Option(
      names = "--device-kind",
      defaultValue = "sim",
      paramLabel = "client|sim",
      description =
          "The devices: sim (one DeviceSimulator thread for all N, on both sides of the ratio:"
              + " it registers and upgrades at the platform, and does a bare Block2 fetch from the"
              + " baseline) or client (one dfota-lwm2m Lwm2mClient per device, one bare Californium"
              + " endpoint per device in the baseline); default ${DEFAULT-VALUE}.")
  private String deviceKind = "sim";

  @Option(
      names = "--matrix",
      description =
          "Run the issue's whole matrix: N 100,1000,10000 x S 16,100,512 x block 512,1024 x cap"
              + " off,on (overrides the lists above).")
  private boolean matrix;

  @Option(
      names = "--cells",
      defaultValue = "1",
      description = "Cells the devices are spread over (default ${DEFAULT-VALUE}).")
  private int cells;

  @Option(
      names = "--server-threads",
      defaultValue = "1",
      description =
          "Protocol-stage threads of both servers (dfota-lwm2m default 1; default"
              + " ${DEFAULT-VALUE}).")
  private int serverThreads;

  @Option(
      names = "--warmup-devices",
      defaultValue = "50",
      description =
          "Devices of one unreported warm-up round of both scenarios per configuration (0 for"
              + " none; default ${DEFAULT-VALUE}).")
  private int warmupDevices;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description =
          "Baseline and platform rounds per configuration, alternately; rates and the ratio are"
              + " the medians over the rounds (default ${DEFAULT-VALUE}).")
  private int rounds;

  @Option(
      names = "--no-running-heap",
      description = "Skip the heap measure in the middle of the run (its full GCs pause the run).")
  private boolean noRunningHeap;

  @Option(
      names = "--timeout",
      defaultValue = "PT20M",
      description = "Give up a scenario after this long (ISO-8601; default ${DEFAULT-VALUE}).")
  private Duration timeout = Duration.ofMinutes(20);

  /**
   * Runs the benchmark.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.dfota.bench", "info");
    System.exit(new CommandLine(new FleetBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (matrix) {
      devices = List.of(100, 1000, 10_000);
      sizes = List.of(16, 100, 512);
      blocks = List.of(512, 1024);
      caps = List.of("off", "on");
    }
    if (!deviceKind.equals("sim") && !deviceKind.equals("client")) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--device-kind: " + deviceKind + " (expected: client or sim)");
    }
    boolean allUpgraded = true;
    for (int n : devices) {
      for (int s : sizes) {
        for (int b : blocks) {
          for (String cap : caps) {
            if (!cap.equals("on") && !cap.equals("off")) {
              throw new CommandLine.ParameterException(
                  new CommandLine(this), "--cap: " + cap + " (expected: on or off)");
            }
            FleetConfig cfg =
                new FleetConfig(
                    n,
                    s,
                    b,
                    cap.equals("on"),
                    cells,
                    serverThreads,
                    timeout,
                    deviceKind.equals("sim"));
            Map<String, Object> line;
            try {
              line = measure(cfg, warmupDevices, !noRunningHeap, rounds);
            } catch (Exception e) {
              line = failure(cfg, e);
              allUpgraded = false;
            }
            System.out.println(json(line));
            System.out.flush();
            printSummary(line, System.err);
            Object p = line.get("platform");
            if (p instanceof Map<?, ?> pm && !pm.get("upgraded").equals(n)) {
              allUpgraded = false;
            }
          }
        }
      }
    }
    return allUpgraded ? 0 : 1;
  }

  /**
   * Measures one configuration: an optional warm-up round of both scenarios, then the baseline,
   * then the platform.
   *
   * @param cfg the configuration
   * @param warmupDevices devices of the warm-up round, 0 for none
   * @param runningHeapProbe whether to measure the heap in the middle of the platform run
   * @param rounds how many times the baseline and the platform run, alternately (the first platform
   *     round also measures the heap)
   * @return the JSON object of the configuration
   */
  static Map<String, Object> measure(
      FleetConfig cfg, int warmupDevices, boolean runningHeapProbe, int rounds) throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds: " + rounds + " (expected: >= 1)");
    }
    if (!CoapTraffic.install()) {
      throw new IllegalStateException(
          "Californium's default CoapStackFactory was set by someone else (expected: unset)");
    }
    Path dir = Files.createTempDirectory("dfota-fleet-");
    try {
      SignedPackage pkg = SignedPackage.create(dir.resolve("package"), cfg.sizeBytes());
      if (warmupDevices > 0) {
        FleetConfig w = cfg.withDevices(Math.min(warmupDevices, cfg.devices()));
        BaselineScenario.run(w, pkg);
        PlatformScenario.run(w, pkg, dir.resolve("warmup"), false, false);
      }
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      List<PlatformScenario.Outcome> plats = new ArrayList<>();
      List<BaselineScenario.Outcome> bases = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        // alternate the order so that a drift of the machine's load hits both sides alike
        if (r % 2 == 1) {
          plats.add(run(cfg, pkg, dir.resolve("run-" + r), r == 0 && runningHeapProbe, r == 0));
        }
        bases.add(BaselineScenario.run(cfg, pkg));
        if (r % 2 == 0) {
          plats.add(run(cfg, pkg, dir.resolve("run-" + r), r == 0 && runningHeapProbe, r == 0));
        }
      }
      return result(cfg, plats, bases, load);
    } finally {
      deleteTree(dir);
    }
  }

  private static PlatformScenario.Outcome run(
      FleetConfig cfg, SignedPackage pkg, Path dir, boolean probe, boolean calibrate)
      throws Exception {
    return PlatformScenario.run(cfg, pkg, dir, probe, calibrate);
  }

  /** Returns the Block2 exchanges per second between the first and the last block response. */
  private static double rate(CoapTraffic.Snapshot server, double pauseSeconds) {
    double window = server.blockWindowSeconds();
    if (pauseSeconds > 0 && pauseSeconds < window) {
      window -= pauseSeconds;
    }
    return window > 0 ? server.block2Responses() / window : 0;
  }

  private static double payloadPerBlock(CoapTraffic.Snapshot server) {
    return server.block2Responses() > 0
        ? (double) server.block2PayloadBytes() / server.block2Responses()
        : 0;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int k = sorted.size();
    return k % 2 == 1 ? sorted.get(k / 2) : (sorted.get(k / 2 - 1) + sorted.get(k / 2)) / 2;
  }

  static Map<String, Object> result(
      FleetConfig cfg,
      List<PlatformScenario.Outcome> plats,
      List<BaselineScenario.Outcome> bases,
      double load) {
    PlatformScenario.Outcome p = plats.get(0);
    BaselineScenario.Outcome b = bases.get(0);
    List<Double> platformRates = new ArrayList<>();
    List<Double> baseRates = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Map<String, Object>> roundLines = new ArrayList<>();
    for (int r = 0; r < plats.size(); r++) {
      double pr = rate(plats.get(r).server(), plats.get(r).probePauseSeconds());
      double br = rate(bases.get(r).server(), 0);
      platformRates.add(pr);
      baseRates.add(br);
      ratios.add(br > 0 ? pr / br : 0);
      Map<String, Object> rl = new LinkedHashMap<>();
      rl.put("platform_block2_per_s", round(pr));
      rl.put("baseline_block2_per_s", round(br));
      rl.put("ratio", round(br > 0 ? pr / br : 0));
      rl.put("platform_upgraded", plats.get(r).upgraded());
      rl.put("baseline_completed", bases.get(r).completed());
      rl.put(
          "platform_retransmissions",
          plats.get(r).server().retransmissions() + plats.get(r).clients().retransmissions());
      rl.put(
          "baseline_retransmissions",
          bases.get(r).server().retransmissions() + bases.get(r).clients().retransmissions());
      roundLines.add(rl);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", config(cfg));
    long packageBytes = (long) cfg.devices() * cfg.sizeBytes();

    Map<String, Object> pm = new LinkedHashMap<>();
    pm.put("upgraded", p.upgraded());
    pm.put("failed", p.failed());
    pm.put("integrity_ok", p.integrityOk());
    pm.put("elapsed_s", round(p.elapsedSeconds()));
    pm.put("devices_per_s", round(p.upgraded() / p.elapsedSeconds()));
    double window = p.server().blockWindowSeconds();
    if (p.probePauseSeconds() > 0 && p.probePauseSeconds() < window) {
      window -= p.probePauseSeconds();
    }
    double platformRate = median(platformRates);
    pm.put("block2_exchanges", p.server().block2Responses());
    pm.put("block2_expected", (long) cfg.devices() * cfg.blocksPerDevice());
    pm.put("block2_window_s", round(window));
    pm.put("block2_per_s", round(platformRate));
    pm.put("payload_mb_per_s", round(platformRate * payloadPerBlock(p.server()) / 1e6));
    pm.put("latency_ms", latency(p.latencyMicros()));
    pm.put("retransmissions", p.server().retransmissions() + p.clients().retransmissions());
    pm.put("retransmissions_by_server", p.server().retransmissions());
    pm.put("retransmissions_by_devices", p.clients().retransmissions());
    pm.put("udp_rcvbuf_errors_host", p.udpRcvbufErrors());
    pm.put("messages", p.server().messages() + p.clients().messages());
    pm.put(
        "bytes_per_package_byte",
        round((double) (p.server().bytes() + p.clients().bytes()) / packageBytes));
    pm.put("downlink_bytes_per_package_byte", round((double) p.server().bytes() / packageBytes));
    pm.put("cpu_s_per_device", round(p.processCpuNanos() / 1e9 / Math.max(1, p.upgraded())));
    pm.put(
        "platform_cpu_s_per_device", round(p.platformCpuNanos() / 1e9 / Math.max(1, p.upgraded())));
    int n = cfg.devices();
    long deviceSide = (p.heapCalibrationRegistered() - p.heapCalibrationPre()) / n;
    pm.put("heap_registered_per_device_b", (p.heapRegistered() - p.heapPre()) / n - deviceSide);
    pm.put("heap_device_side_per_device_b", deviceSide);
    pm.put("heap_freed_by_deregistration_per_device_b", (p.heapEnd() - p.heapDeregistered()) / n);
    pm.put("heap_task_per_device_b", (p.heapTask() - p.heapRegistered()) / n);
    pm.put(
        "heap_running_per_device_b",
        p.heapRunning() > 0 && p.runningAtProbe() > 0
            ? (p.heapRunning() - p.heapTask()) / p.runningAtProbe()
            : -1);
    pm.put("running_at_probe", p.runningAtProbe());
    pm.put("probe_pause_s", round(p.probePauseSeconds()));
    pm.put(
        "heap_used_mib",
        Map.of(
            "pre",
            mib(p.heapPre()),
            "registered",
            mib(p.heapRegistered()),
            "task",
            mib(p.heapTask()),
            "running",
            mib(p.heapRunning()),
            "end",
            mib(p.heapEnd()),
            "deregistered",
            mib(p.heapDeregistered())));
    pm.put("platform_threads", p.platformThreads());
    pm.put("jvm_threads", p.peakThreads());
    m.put("platform", pm);

    Map<String, Object> bm = new LinkedHashMap<>();
    bm.put("completed", b.completed());
    bm.put("elapsed_s", round(b.elapsedSeconds()));
    double baseWindow = b.server().blockWindowSeconds();
    double baseRate = median(baseRates);
    bm.put("block2_exchanges", b.server().block2Responses());
    bm.put("block2_window_s", round(baseWindow));
    bm.put("block2_per_s", round(baseRate));
    bm.put("payload_mb_per_s", round(baseRate * payloadPerBlock(b.server()) / 1e6));
    bm.put("latency_ms", latency(b.latencyMicros()));
    bm.put("retransmissions", b.server().retransmissions() + b.clients().retransmissions());
    bm.put("udp_rcvbuf_errors_host", b.udpRcvbufErrors());
    bm.put("cpu_s_per_device", round(b.processCpuNanos() / 1e9 / Math.max(1, b.completed())));
    bm.put("messages", b.server().messages() + b.clients().messages());
    bm.put(
        "bytes_per_package_byte",
        round((double) (b.server().bytes() + b.clients().bytes()) / packageBytes));
    m.put("baseline", bm);
    m.put("block2_ratio", round(median(ratios)));
    m.put("block2_ratio_min", round(ratios.stream().min(Double::compare).orElse(0.0)));
    m.put("block2_ratio_max", round(ratios.stream().max(Double::compare).orElse(0.0)));
    m.put("rounds", roundLines);
    m.put("machine", machine(load));
    return m;
  }

  private static Map<String, Object> failure(FleetConfig cfg, Exception e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", config(cfg));
    m.put("error", e.toString());
    m.put("machine", machine(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return m;
  }

  private static Map<String, Object> config(FleetConfig cfg) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("devices", cfg.devices());
    c.put("size_kib", cfg.sizeKib());
    c.put("block", cfg.block());
    c.put("cap", cfg.cap() ? "on" : "off");
    c.put("cells", cfg.cells());
    c.put("server_threads", cfg.serverThreads());
    c.put("store", "in-memory");
    c.put("device_kind", cfg.sim() ? "sim" : "client");
    return c;
  }

  private static Map<String, Object> machine(double load) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("max_heap_mib", mib(JvmProbes.maxHeap()));
    m.put("java", System.getProperty("java.runtime.version"));
    m.put("load1", round(load));
    return m;
  }

  private static Map<String, Object> latency(Histogram h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", round(h.getValueAtPercentile(50) / 1000.0));
    m.put("p99", round(h.getValueAtPercentile(99) / 1000.0));
    m.put("max", round(h.getMaxValue() / 1000.0));
    m.put("count", h.getTotalCount());
    return m;
  }

  private static long mib(long bytes) {
    return bytes < 0 ? -1 : bytes >> 20;
  }

  private static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return -1;
    }
    return Math.round(v * 1000) / 1000.0;
  }

  static String json(Map<String, Object> line) {
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON: " + e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void printSummary(Map<String, Object> line, PrintStream err) {
    Map<String, Object> c = (Map<String, Object>) line.get("config");
    String head =
        String.format(
            "N=%s S=%sKiB block=%s cap=%s devices=%s",
            c.get("devices"),
            c.get("size_kib"),
            c.get("block"),
            c.get("cap"),
            c.get("device_kind"));
    if (line.containsKey("error")) {
      err.println(head + ": FAILED " + line.get("error"));
      return;
    }
    Map<String, Object> p = (Map<String, Object>) line.get("platform");
    Map<String, Object> b = (Map<String, Object>) line.get("baseline");
    Map<String, Object> pl = (Map<String, Object>) p.get("latency_ms");
    err.printf(
        "%s: platform %s/%s upgraded in %s s (%s dev/s), Block2 %s/s (%s MB/s), latency p50 %s"
            + " p99 %s max %s ms, retrans %s, %s B sent/B; baseline Block2 %s/s; ratio %s (%s..%s);"
            + " heap/device registered %s B, task %s B, running %s B; CPU %s s/device"
            + " (platform %s)%n",
        head,
        p.get("upgraded"),
        c.get("devices"),
        p.get("elapsed_s"),
        p.get("devices_per_s"),
        p.get("block2_per_s"),
        p.get("payload_mb_per_s"),
        pl.get("p50"),
        pl.get("p99"),
        pl.get("max"),
        p.get("retransmissions"),
        p.get("bytes_per_package_byte"),
        b.get("block2_per_s"),
        line.get("block2_ratio"),
        line.get("block2_ratio_min"),
        line.get("block2_ratio_max"),
        p.get("heap_registered_per_device_b"),
        p.get("heap_task_per_device_b"),
        p.get("heap_running_per_device_b"),
        p.get("cpu_s_per_device"),
        p.get("platform_cpu_s_per_device"));
    err.flush();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(FleetBenchmark::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a temp file left behind is harmless
    }
  }
}
