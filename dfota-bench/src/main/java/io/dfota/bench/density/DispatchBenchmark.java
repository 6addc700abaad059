package io.dfota.bench.density;

import io.dfota.core.Scheduler;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CoveragePolicy;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.Stage;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.UpgradeTask;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * Device starts per second of the campaign engine (issue #9 "Dispatch": at least 16 700 starts/s
 * with per-cell caps enforced). One task over {@code devices} devices spread over cells, a {@link
 * NullFleet} whose devices answer at once, the in-memory store and a wall-clock scheduler; the time
 * is from {@code createTask} until the last device has its final result. A start is a device let
 * through the coverage gate into its cell's slot (its attempt counted, the observation of {@code
 * /5/0/3} begins); with a null target every start also completes.
 *
 * <p>Usage: {@code java -Xmx1g -cp dfota-bench/target/benchmarks.jar
 * io.dfota.bench.density.DispatchBenchmark [devices] [devicesPerCell] [runs]} (default 100 000,
 * 100, 5 measured runs after 2 warm-up runs). One JSON line per run.
 */
public final class DispatchBenchmark {

  /** The goal in device starts per second. */
  public static final double GOAL_STARTS_PER_SECOND = 16_700;

  private DispatchBenchmark() {}

  /**
   * One run.
   *
   * @param devices devices in the task
   * @param cells cells they are spread over
   * @param cap the per-cell cap (level 0: the devices report a strong signal)
   * @param nanos wall time from createTask to the last final result
   * @param cpuNanos CPU time of the thread that ran the engine (every step runs on it)
   * @param processCpuNanos CPU time of the whole JVM meanwhile (the engine, GC, JIT, timer)
   * @param starts device starts seen by the listener
   * @param maxPerCell the most devices holding a cell slot at once, over all cells
   */
  public record Run(
      int devices,
      int cells,
      int cap,
      long nanos,
      long cpuNanos,
      long processCpuNanos,
      long starts,
      int maxPerCell) {
    /**
     * Returns the starts per second.
     *
     * @return starts / seconds
     */
    public double startsPerSecond() {
      return starts / (nanos / 1e9);
    }

    /**
     * Returns the run as one JSON line.
     *
     * @param warmup whether it was a warm-up run
     * @return the line
     */
    public String json(boolean warmup) {
      return String.format(
          Locale.ROOT,
          "{\"bench\":\"dispatch\",\"warmup\":%b,\"devices\":%d,\"cells\":%d,\"cap\":%d,"
              + "\"seconds\":%.3f,\"engineCpuSeconds\":%.3f,\"processCpuSeconds\":%.3f,"
              + "\"starts\":%d,\"startsPerSecond\":%.0f,\"startsPerEngineCpuSecond\":%.0f,"
              + "\"startsPerProcessCpuSecond\":%.0f,\"maxPerCell\":%d,\"goal\":%.0f}",
          warmup,
          devices,
          cells,
          cap,
          nanos / 1e9,
          cpuNanos / 1e9,
          processCpuNanos / 1e9,
          starts,
          startsPerSecond(),
          starts / (cpuNanos / 1e9),
          starts / (processCpuNanos / 1e9),
          maxPerCell,
          GOAL_STARTS_PER_SECOND);
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param args optional devices, devices per cell, measured runs
   * @throws IOException if the data directory cannot be made
   */
  public static void main(String[] args) throws IOException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int devices = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
    int perCell = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int cap = CoveragePolicy.defaults().capLevel0();
    for (int i = 0; i < 2 + runs; i++) {
      Run r = run(devices, Math.max(1, devices / perCell), cap);
      System.out.println(r.json(i < 2));
    }
  }

  /**
   * Runs one task to its end and checks it: every device succeeded after exactly one start, and no
   * cell ever held more than {@code cap} devices past the coverage gate.
   *
   * @param devices devices in the task (at most one group)
   * @param cells cells
   * @param cap the level-0 cap
   * @return the run
   * @throws IOException if the data directory cannot be made
   */
  public static Run run(int devices, int cells, int cap) throws IOException {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dispatch-timer");
              t.setDaemon(true);
              return t;
            });
    Path dir = Files.createTempDirectory("dfota-dispatch");
    NullFleet fleet = new NullFleet(cells);
    CellWatch watch = new CellWatch(fleet);
    try (PlatformFixture platform = new PlatformFixture(dir, fleet, Scheduler.of(timer), watch)) {
      String group = platform.groups(devices).get(0);
      CoveragePolicy d = CoveragePolicy.defaults();
      CoveragePolicy coverage =
          new CoveragePolicy(
              d.rsrpLevel0Dbm(),
              d.rsrpLevel1Dbm(),
              d.rsrpLevel2Dbm(),
              d.sinrLevel0Db(),
              d.sinrLevel1Db(),
              cap,
              d.capLevel1(),
              d.capLevel2(),
              d.capCellOnly());
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long p0 = os.getProcessCpuTime();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      UpgradeTask task = platform.task(group, TaskRequest.builder().coverage(coverage));
      long nanos = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - c0;
      long processCpu = os.getProcessCpuTime() - p0;
      TaskCounters c = platform.engine.details(task.id()).orElseThrow().counters();
      if (c.success() != devices || watch.starts != devices) {
        throw new IllegalStateException(
            "success " + c.success() + ", starts " + watch.starts + " (expected: " + devices + ")");
      }
      if (watch.maxPerCell > cap) {
        throw new IllegalStateException("cell cap exceeded: " + watch.maxPerCell + " > " + cap);
      }
      return new Run(devices, cells, cap, nanos, cpu, processCpu, watch.starts, watch.maxPerCell);
    } finally {
      timer.shutdownNow();
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Counts starts and, per cell, the devices past the coverage gate (from the row entering {@link
   * Stage#OBSERVE} to its final status): the engine reports both before it takes or releases the
   * cell slot's successor, so the count equals the engine's own.
   */
  static final class CellWatch implements CampaignListener {
    private final NullFleet fleet;
    private final Set<UUID> inSlot = new HashSet<>();
    private final Map<Long, Integer> perCell = new HashMap<>();
    long starts;
    int maxPerCell;
    final List<String> violations = new ArrayList<>();

    CellWatch(NullFleet fleet) {
      this.fleet = fleet;
    }

    @Override
    public void onDevice(DeviceRun run) {
      if (run.status() == DeviceStatus.RUNNING && run.stage() == Stage.OBSERVE) {
        if (inSlot.add(run.deviceId())) {
          starts++;
          int n = perCell.merge(fleet.cellOf(run.imei()), 1, Integer::sum);
          maxPerCell = Math.max(maxPerCell, n);
        }
      } else if (run.status() != DeviceStatus.RUNNING && inSlot.remove(run.deviceId())) {
        perCell.merge(fleet.cellOf(run.imei()), -1, Integer::sum);
      }
    }
  }
}
