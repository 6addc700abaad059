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
    Map<String, Map<String, Double>> bySize = new TreeMap<>();
    for (RunResult r : results) {
      String key = r.getParams().getParam("size") + " bytes, " + r.getParams().getParam("alg");
      String bench = r.getParams().getBenchmark();
      bySize
          .computeIfAbsent(key, k -> new TreeMap<>())
          .put(bench.substring(bench.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    for (Map.Entry<String, Map<String, Double>> e : bySize.entrySet()) {
      double verify = e.getValue().getOrDefault("verify", Double.NaN);
      double sha = e.getValue().getOrDefault("sha256", Double.NaN);
      double shaFile = e.getValue().getOrDefault("sha256OfFile", Double.NaN);
      System.out.printf(
          "%s: verify %.3f ms; sha256 in memory %.3f ms (ratio %.2f); sha256 of the file %.3f ms"
              + " (ratio %.2f); goal >= 0.9%n",
          e.getKey(), verify, sha, sha / verify, shaFile, shaFile / verify);
    }
  }
}
