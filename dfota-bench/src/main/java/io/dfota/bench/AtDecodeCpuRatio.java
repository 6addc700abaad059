package io.dfota.bench;

import io.dfota.at.AtFramer;
import io.dfota.at.AtLineDecoder;
import io.dfota.at.Urc;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cross-check of {@link AtDecodeBenchmark} that is robust on a loaded machine: the same code
 * paths, run in interleaved rounds on one thread and timed in <em>thread CPU time</em> (time the
 * thread was descheduled does not count). Prints, per stream, the median nanoseconds of CPU per
 * line of each path and the median, 10th and 90th percentile of the per-round ratio naive / decoder
 * (and naive split / decoder). Usage: {@code java -cp dfota-bench/target/benchmarks.jar
 * io.dfota.bench.AtDecodeCpuRatio [rounds]}.
 */
public final class AtDecodeCpuRatio {

  private AtDecodeCpuRatio() {}

  /**
   * Runs the rounds and prints the figures.
   *
   * @param args optional number of measured rounds (default 60)
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Blackhole bh =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    byte[] mixed = AtDecodeBenchmark.stream(AtDecodeBenchmark.mixedLines());
    byte[] fixed = AtDecodeBenchmark.stream(AtDecodeBenchmark.fixedLines());
    AtLineDecoder decoder = AtLineDecoder.create();
    AtLineDecoder.Handler handler = new AtDecodeBenchmark.TypedHandler(bh);
    AtFramer framer = AtFramer.create();
    AtFramer.Sink sink = (buf, off, len) -> bh.consume(Urc.decode(buf, off, len));
    for (String stream : List.of("mixed", "fixedUrcs")) {
      byte[] bytes = stream.equals("mixed") ? mixed : fixed;
      Map<String, Runnable> ops = new LinkedHashMap<>();
      ops.put("decoder", () -> decoder.feed(bytes, 0, bytes.length, handler));
      ops.put("framer", () -> framer.feed(bytes, 0, bytes.length, sink));
      ops.put("naive", () -> AtDecodeBenchmark.NaiveParser.parse(bytes, bh));
      ops.put("naiveSplit", () -> AtDecodeBenchmark.NaiveParser.parseSplit(bytes, bh));
      Map<String, double[]> nsPerLine = measure(ops, rounds);
      System.out.printf("%s stream, %d rounds, thread CPU time:%n", stream, rounds);
      for (Map.Entry<String, double[]> e : nsPerLine.entrySet()) {
        double[] v = e.getValue().clone();
        Arrays.sort(v);
        System.out.printf(
            "  %-10s median %8.2f ns/line (p10 %.2f, p90 %.2f)%n",
            e.getKey(), pct(v, 50), pct(v, 10), pct(v, 90));
      }
      for (String slow : List.of("naive", "naiveSplit")) {
        for (String fast : List.of("decoder", "framer")) {
          double[] ratio = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            ratio[r] = nsPerLine.get(slow)[r] / nsPerLine.get(fast)[r];
          }
          Arrays.sort(ratio);
          System.out.printf(
              "  %-10s / %-8s median %6.1f x (p10 %.1f, p90 %.1f); goal >= 25%n",
              slow, fast, pct(ratio, 50), pct(ratio, 10), pct(ratio, 90));
        }
      }
    }
  }

  private static Map<String, double[]> measure(Map<String, Runnable> ops, int rounds) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, double[]> out = new LinkedHashMap<>();
    Map<String, Integer> reps = new LinkedHashMap<>();
    for (Map.Entry<String, Runnable> e : ops.entrySet()) {
      out.put(e.getKey(), new double[rounds]);
      // warm up for about a second of CPU, and size each round to about 50 ms
      long t0 = mx.getCurrentThreadCpuTime();
      int n = 0;
      while (mx.getCurrentThreadCpuTime() - t0 < 1_000_000_000L) {
        e.getValue().run();
        n++;
      }
      reps.put(e.getKey(), Math.max(1, n / 20));
    }
    List<String> names = new ArrayList<>(ops.keySet());
    for (int r = 0; r < rounds; r++) {
      for (String name : names) {
        Runnable op = ops.get(name);
        int n = reps.get(name);
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          op.run();
        }
        long cpu = mx.getCurrentThreadCpuTime() - t0;
        out.get(name)[r] = (double) cpu / ((long) n * AtDecodeBenchmark.LINES);
      }
    }
    return out;
  }

  private static double pct(double[] sorted, int p) {
    int i = (int) Math.round((sorted.length - 1) * p / 100.0);
    return sorted[i];
  }
}
