package io.dfota.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A cross-check of {@link VerifyBenchmark} that is robust on a loaded machine: the same operations
 * in interleaved rounds, timed in <em>process CPU time</em> (all threads, so the verifier's reader
 * thread counts) and in wall time. Prints per size the median CPU and wall milliseconds per
 * operation, the median (p10, p90) of the per-round ratios baseline / verify in CPU time, and the
 * ratio of the best (minimum) wall times, the closest estimate of an idle machine. Usage: {@code
 * java -cp dfota-bench/target/benchmarks.jar io.dfota.bench.VerifyCpuRatio [rounds]}.
 */
public final class VerifyCpuRatio {

  private VerifyCpuRatio() {}

  /**
   * Runs the rounds and prints the figures.
   *
   * @param args optional number of measured rounds (default 30)
   * @throws Exception if the setup or an operation fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int size : List.of(1 << 20, 16 << 20)) {
      VerifyBenchmark bench = new VerifyBenchmark();
      bench.size = size;
      bench.alg = "RSA2048-SHA256";
      bench.setUp();
      try {
        Map<String, Callable<Object>> ops = new LinkedHashMap<>();
        ops.put("verify", bench::verify);
        ops.put("sha256", bench::sha256);
        ops.put("sha256OfPackageFile", bench::sha256OfPackageFile);
        int reps = size >= 16 << 20 ? 4 : 40;
        Map<String, double[]> cpu = new LinkedHashMap<>();
        Map<String, double[]> wall = new LinkedHashMap<>();
        for (String name : ops.keySet()) {
          cpu.put(name, new double[rounds]);
          wall.put(name, new double[rounds]);
          for (int i = 0; i < 10 * reps; i++) {
            ops.get(name).call(); // warm-up
          }
        }
        for (int r = 0; r < rounds; r++) {
          for (Map.Entry<String, Callable<Object>> e : ops.entrySet()) {
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
              e.getValue().call();
            }
            wall.get(e.getKey())[r] = (System.nanoTime() - w0) / 1e6 / reps;
            cpu.get(e.getKey())[r] = (os.getProcessCpuTime() - c0) / 1e6 / reps;
          }
        }
        System.out.printf("%d bytes, %d rounds:%n", size, rounds);
        for (String name : ops.keySet()) {
          double[] c = sorted(cpu.get(name));
          double[] w = sorted(wall.get(name));
          System.out.printf(
              "  %-20s CPU median %8.3f ms (p10 %.3f, p90 %.3f); wall median %8.3f ms, min %.3f"
                  + " ms%n",
              name, pct(c, 50), pct(c, 10), pct(c, 90), pct(w, 50), w[0]);
        }
        for (String base : List.of("sha256", "sha256OfPackageFile")) {
          double[] ratio = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            ratio[r] = cpu.get(base)[r] / cpu.get("verify")[r];
          }
          double[] s = sorted(ratio);
          double bestWall = sorted(wall.get(base))[0] / sorted(wall.get("verify"))[0];
          System.out.printf(
              "  %s / verify: CPU ratio median %.2f (p10 %.2f, p90 %.2f); best-wall ratio %.2f;"
                  + " goal >= 0.9%n",
              base, pct(s, 50), pct(s, 10), pct(s, 90), bestWall);
        }
      } finally {
        bench.tearDown();
      }
    }
  }

  private static double[] sorted(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c;
  }

  private static double pct(double[] sorted, int p) {
    return sorted[(int) Math.round((sorted.length - 1) * p / 100.0)];
  }
}
