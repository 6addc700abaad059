package io.dfota.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
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
   * Runs the benchmark and prints the ratios with their errors (JMH's 99.9 % intervals, combined as
   * relative errors in quadrature).
   *
   * @param args JMH options, for example {@code -f 2 -wi 3 -i 5}
   * @throws RunnerException if JMH fails
   * @throws CommandLineOptionException if the options are wrong
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Options options =
        new OptionsBuilder()
            .parent(new CommandLineOptions(args))
            .include(VerifyBenchmark.class.getName())
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Map<String, Result<?>>> bySize = new TreeMap<>();
    for (RunResult r : results) {
      String key = r.getParams().getParam("size") + " bytes, " + r.getParams().getParam("alg");
      String bench = r.getParams().getBenchmark();
      bySize
          .computeIfAbsent(key, k -> new TreeMap<>())
          .put(bench.substring(bench.lastIndexOf('.') + 1), r.getPrimaryResult());
    }
    for (Map.Entry<String, Map<String, Result<?>>> e : bySize.entrySet()) {
      Result<?> verify = e.getValue().get("verify");
      if (verify == null) {
        continue;
      }
      StringBuilder line = new StringBuilder(e.getKey());
      line.append(String.format(": verify %s", fmt(verify)));
      for (String base : new String[] {"sha256", "sha256OfPackageFile"}) {
        Result<?> b = e.getValue().get(base);
        if (b != null) {
          double ratio = b.getScore() / verify.getScore();
          double rel =
              Math.hypot(
                  b.getScoreError() / b.getScore(), verify.getScoreError() / verify.getScore());
          line.append(
              String.format("; %s %s, ratio %.2f +- %.2f", base, fmt(b), ratio, ratio * rel));
        }
      }
      System.out.println(line.append("; goal >= 0.9"));
    }
  }

  private static String fmt(Result<?> r) {
    return String.format("%.3f +- %.3f %s", r.getScore(), r.getScoreError(), r.getScoreUnit());
  }
}
