package io.dfota.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link VerifyBenchmark} and prints, per package size, the ratio of verification throughput
 * to plain SHA-256 throughput (goal: at least 0.9). Usage: {@code java -cp
 * dfota-bench/target/benchmarks.jar io.dfota.bench.VerifyRatio}.
 */
public final class VerifyRatio {

  private VerifyRatio() {}

  /**
   * Runs the benchmark and prints the ratios.
   *
   * @param args ignored
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder().include(VerifyBenchmark.class.getName()).build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, double[]> bySize = new TreeMap<>();
    for (RunResult r : results) {
      String size = r.getParams().getParam("size") + " bytes, " + r.getParams().getParam("alg");
      double ms = r.getPrimaryResult().getScore();
      double[] pair = bySize.computeIfAbsent(size, k -> new double[2]);
      if (r.getParams().getBenchmark().endsWith(".verify")) {
        pair[0] = ms;
      } else {
        pair[1] = ms;
      }
    }
    for (Map.Entry<String, double[]> e : bySize.entrySet()) {
      double verify = e.getValue()[0];
      double sha = e.getValue()[1];
      System.out.printf(
          "%s: verify %.3f ms, sha256 %.3f ms, verify throughput = %.2f x sha256 (goal >= 0.9)%n",
          e.getKey(), verify, sha, sha / verify);
    }
  }
}
