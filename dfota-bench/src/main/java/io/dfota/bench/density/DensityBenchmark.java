package io.dfota.bench.density;

import io.dfota.core.Scheduler;
import io.dfota.lwm2m.Registration;
import io.dfota.lwm2m.internal.RegistryImpl;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.UpgradeTask;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * Heap per managed device (issue #9 "Density": 1 000 000 devices in at most 1 GiB, 1 KiB per
 * device). Fills, in one JVM, the LwM2M registry (as {@code POST /rd} would, with freshly parsed
 * strings per device) and the platform (device groups in the catalogue, one task per group in the
 * in-memory store and the campaign engine, every device waiting), then lets every device run its
 * update through a {@link NullFleet} and measures the finished rows. The heap is read with {@link
 * java.lang.management.MemoryMXBean} after a full GC, before and after each step.
 *
 * <p>Usage: {@code java -Xmx2g -cp dfota-bench/target/benchmarks.jar
 * io.dfota.bench.density.DensityBenchmark [devices]} (default 1 000 000). One JSON line per
 * measure.
 */
public final class DensityBenchmark {

  /** The goal: bytes per managed device (registration and task state). */
  public static final long GOAL_BYTES_PER_DEVICE = 1024;

  /** The object links a BC35-G registers with (protocol-notes §4.1). */
  private static final String[] LINKS = {"/1/0", "/3/0", "/4/0", "/5/0", "/19/0", "/19/1"};

  private DensityBenchmark() {}

  /**
   * One measure.
   *
   * @param measure what was filled
   * @param devices how many devices
   * @param bytes heap growth after a full GC
   */
  public record Measure(String measure, int devices, long bytes) {
    /**
     * Returns the bytes per device.
     *
     * @return bytes / devices
     */
    public double perDevice() {
      return (double) bytes / devices;
    }

    /**
     * Returns the measure as one JSON line.
     *
     * @return the line
     */
    public String json() {
      return String.format(
          Locale.ROOT,
          "{\"bench\":\"density\",\"measure\":\"%s\",\"devices\":%d,\"heapBytes\":%d,"
              + "\"bytesPerDevice\":%.1f,\"maxHeapBytes\":%d}",
          measure,
          devices,
          bytes,
          perDevice(),
          Runtime.getRuntime().maxMemory());
    }
  }

  /**
   * Runs the measurement.
   *
   * @param args optional device count
   * @throws Exception if the data directory cannot be made
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int devices = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    for (Measure m : run(devices)) {
      System.out.println(m.json());
    }
  }

  /**
   * Fills registry and platform with {@code devices} synthetic devices and measures each step.
   *
   * @param devices how many devices
   * @return the measures: registry, device groups, waiting tasks, registry + waiting tasks, and
   *     finished tasks (rows kept in the store)
   * @throws IOException if the data directory cannot be made
   */
  public static List<Measure> run(int devices) throws IOException {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "density-timer");
              t.setDaemon(true);
              return t;
            });
    Path dir = Files.createTempDirectory("dfota-density");
    List<Measure> out = new ArrayList<>();
    try {
      Scheduler scheduler = Scheduler.of(timer);
      long base = usedHeap();
      RegistryImpl registry = fillRegistry(scheduler, devices);
      long afterRegistry = usedHeap();
      out.add(new Measure("registry", devices, afterRegistry - base));

      NullFleet fleet = new NullFleet(Math.max(1, devices / 100));
      fleet.online(false);
      CampaignListener quiet = new CampaignListener() {};
      try (PlatformFixture platform = new PlatformFixture(dir, fleet, scheduler, quiet)) {
        long afterEngine = usedHeap();
        List<String> groups = platform.groups(devices);
        long afterGroups = usedHeap();
        out.add(new Measure("platform.deviceGroups", devices, afterGroups - afterEngine));
        List<UpgradeTask> tasks = new ArrayList<>();
        for (String g : groups) {
          tasks.add(platform.task(g, TaskRequest.builder()));
        }
        long afterTasks = usedHeap();
        check(platform, tasks, DeviceStatus.WAITING, devices);
        out.add(new Measure("platform.waitingTasks", devices, afterTasks - afterGroups));
        out.add(new Measure("platform.all", devices, afterTasks - afterEngine));
        out.add(
            new Measure(
                "registry+platform.waiting",
                devices,
                afterTasks - afterEngine + afterRegistry - base));

        fleet.online(true);
        for (long i = 0; i < devices; i++) {
          fleet.wake(PlatformFixture.imei(i));
        }
        long afterRun = usedHeap();
        check(platform, tasks, DeviceStatus.SUCCESS, devices);
        out.add(new Measure("platform.finishedTasks", devices, afterRun - afterGroups));
        if (registry.all().size() != devices) {
          throw new IllegalStateException("registry lost devices");
        }
      }
    } finally {
      timer.shutdownNow();
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return out;
  }

  private static void check(
      PlatformFixture platform, List<UpgradeTask> tasks, DeviceStatus status, int devices) {
    int n = 0;
    for (UpgradeTask t : tasks) {
      TaskCounters c = platform.engine.details(t.id()).orElseThrow().counters();
      n +=
          switch (status) {
            case WAITING -> c.waiting();
            case SUCCESS -> c.success();
            default -> 0;
          };
    }
    if (n != devices) {
      throw new IllegalStateException(status + ": " + n + " (expected: " + devices + ")");
    }
  }

  /**
   * Registers {@code devices} synthetic devices: 15-digit IMEIs, distinct 127/8 addresses, lifetime
   * one day, binding U, LwM2M 1.0 and the BC35-G object links, every string freshly made as the
   * CoAP parser makes it.
   *
   * @param scheduler the expiry scheduler
   * @param devices how many
   * @return the registry
   */
  public static RegistryImpl fillRegistry(Scheduler scheduler, int devices) {
    RegistryImpl registry = new RegistryImpl(scheduler, Duration.ofSeconds(30), devices);
    for (int i = 0; i < devices; i++) {
      List<String> links = new ArrayList<>(LINKS.length);
      for (String l : LINKS) {
        links.add(fresh(l));
      }
      Registration r =
          registry.register(
              PlatformFixture.imei(i),
              address(i),
              Duration.ofSeconds(86_400),
              fresh("U"),
              fresh("1.0"),
              links);
      if (r == null) {
        throw new IllegalStateException("registry full at " + i);
      }
    }
    return registry;
  }

  private static InetSocketAddress address(int i) {
    try {
      byte[] ip = {127, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
      return new InetSocketAddress(InetAddress.getByAddress(ip), 5683 + (i >>> 24));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  /**
   * Returns the used heap after a full GC.
   *
   * @return bytes
   */
  public static long usedHeap() {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      memory.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
