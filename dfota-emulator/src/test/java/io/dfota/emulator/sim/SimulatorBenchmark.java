package io.dfota.emulator.sim;

import io.dfota.core.RadioReport;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.platform.CoveragePolicy;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.StageTimeouts;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.UpgradeTask;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator benchmark (issue #9, "one simulator thread drives ≥ 10 000 emulated devices' CoAP
 * side"): the real platform role (catalogue, {@code CampaignEngine}, {@code Lwm2mServer}) and N
 * simulated devices in one JVM on loopback; registers them all, creates one task over all of them
 * and measures until every device has its final result. Reports the simulator thread's CPU time
 * against the whole process's, so the share of the work that the device side costs is visible.
 *
 * <p>Not a test. Run (see docs/bench/sim.md): {@code java ... io.dfota.emulator.sim
 * .SimulatorBenchmark [devices=10000] [packageKiB=16] [blockSize=512] [cap=off|on]
 * [registrationWindow=256] [uplinkObserve=on|off] [timeoutMinutes=30] [cells=devices/50]}.
 */
public final class SimulatorBenchmark {
  private SimulatorBenchmark() {}

  /**
   * Entry point.
   *
   * @param args devices, package KiB, block size, cap on/off, registration window
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.dfota", "warn");
    // Bouncy Castle is on this classpath (the platform's signing): keep Californium on the JDK's
    // providers unless told otherwise
    if (System.getProperty("CALIFORNIUM_JCE_PROVIDER") == null) {
      System.setProperty("CALIFORNIUM_JCE_PROVIDER", "SYSTEM");
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int kib = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int block = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    boolean cap = args.length > 3 && args[3].equals("on");
    int window = args.length > 4 ? Integer.parseInt(args[4]) : 256;
    boolean uplink = !(args.length > 5 && args[5].equals("off"));
    int cells = args.length > 7 ? Integer.parseInt(args[7]) : Math.max(1, n / 50);
    Duration timeout = Duration.ofMinutes(args.length > 6 ? Integer.parseInt(args[6]) : 30);

    Path dir = Files.createTempDirectory("dfota-sim-bench-");
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    try (SimPlatform platform =
            new SimPlatform(
                dir,
                Lwm2mServer.builder()
                    .maxRegistrations(Math.max(n, 1000))
                    .maxBlockSize(1024)
                    .observeUplink(uplink));
        DeviceSimulator sim =
            DeviceSimulator.builder()
                .server(platform.server.localAddress())
                .devices(n)
                .firmwareVersion("BC35GJBR01A03")
                .blockSize(block)
                .registrationWindow(window)
                // devices spread over the cells (default 50 per cell); with the cap on, each cell
                // runs at most 50 at once (level 0), so at most 50 x cells devices run at once
                .radio(i -> new RadioReport(0x10000L + i % cells, -90, 10))
                .build()) {
      FirmwarePackage pkg =
          platform.upload(
              SimPlatform.delta("BC35GJBR01A03", "BC35GJBR01A04", kib * 1024 - 69).encode(),
              "BC35GJBR01A03",
              "BC35GJBR01A04");

      // progress on stderr every 10 s: what the devices have reached so far
      java.util.concurrent.ScheduledFuture<?> progress =
          platform.executor.scheduleAtFixedRate(
              () -> System.err.println(sim.counters() + " simCpu=" + sim.threadCpuTime()),
              10,
              10,
              java.util.concurrent.TimeUnit.SECONDS);
      System.gc();
      long heapBefore = mem.getHeapMemoryUsage().getUsed();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      sim.start().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      long t1 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      Duration simCpu1 = sim.threadCpuTime();
      System.gc();
      long heapRegistered = mem.getHeapMemoryUsage().getUsed();

      UpgradeTask task =
          platform.task(
              sim.imeis(),
              pkg,
              cap ? CoveragePolicy.defaults() : SimPlatform.NO_CAP,
              new StageTimeouts(
                  Duration.ofMinutes(30),
                  Duration.ofMinutes(3),
                  Duration.ofMinutes(10),
                  Duration.ofMinutes(5)));
      TaskDetails d;
      try {
        d = platform.await(task, timeout);
      } finally {
        // where the devices are, and why the platform failed any
        Map<String, Long> states = new TreeMap<>();
        for (SimulatedDevice dev : sim.snapshot().get()) {
          states.merge(dev.state() + "/" + dev.result() + "/" + dev.registered(), 1L, Long::sum);
        }
        System.err.println("device states (state/result/registered): " + states);
        Map<String, Long> reasons = new TreeMap<>();
        for (DeviceRun r : platform.engine.details(task.id()).orElseThrow().devices()) {
          if (r.status() != DeviceStatus.SUCCESS) {
            reasons.merge(r.status() + " " + r.description(), 1L, Long::sum);
          }
        }
        System.err.println("platform outcomes other than success: " + reasons);
      }
      long t2 = System.nanoTime();
      long cpu2 = os.getProcessCpuTime();
      Duration simCpu2 = sim.threadCpuTime();
      SimCounters c = sim.counters();
      progress.cancel(false);

      double regS = (t1 - t0) / 1e9;
      double runS = (t2 - t1) / 1e9;
      double simRegCpu = simCpu1.toNanos() / 1e9;
      double simRunCpu = (simCpu2.toNanos() - simCpu1.toNanos()) / 1e9;
      double procRegCpu = (cpu1 - cpu0) / 1e9;
      double procRunCpu = (cpu2 - cpu1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "sim devices=%d packageBytes=%d block=%d cap=%s cells=%d uplinkObserve=%s success=%d failed=%d"
              + " register_s=%.2f register_per_s=%.0f sim_cpu_register_s=%.2f proc_cpu_register_s=%.2f"
              + " task_s=%.2f upgraded_per_s=%.1f blocks=%d blocks_per_s=%.0f MBps=%.2f"
              + " sim_cpu_task_s=%.2f proc_cpu_task_s=%.2f sim_share=%.3f sim_thread_busy=%.3f"
              + " sim_cpu_us_per_block=%.1f retransmissions=%d datagrams_sent=%d datagrams_received=%d"
              + " heap_registered_MB=%.1f heap_per_registered_device_B=%.0f cores=%d%n",
          n,
          pkg.size(),
          block,
          cap ? "on" : "off",
          cells,
          uplink ? "on" : "off",
          d.counters().success(),
          d.counters().failed(),
          regS,
          n / regS,
          simRegCpu,
          procRegCpu,
          runS,
          d.counters().success() / runS,
          c.blocks(),
          c.blocks() / runS,
          c.bytes() / runS / 1e6,
          simRunCpu,
          procRunCpu,
          simRunCpu / procRunCpu,
          simRunCpu / runS,
          simRunCpu * 1e6 / Math.max(1, c.blocks()),
          c.retransmissions(),
          c.datagramsSent(),
          c.datagramsReceived(),
          heapRegistered / 1e6,
          (heapRegistered - heapBefore) / (double) n,
          Runtime.getRuntime().availableProcessors());
    }
  }
}
