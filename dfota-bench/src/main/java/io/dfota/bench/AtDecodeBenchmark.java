package io.dfota.bench;

import io.dfota.at.AtFramer;
import io.dfota.at.Urc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput and allocation of AT framing plus URC decoding (dfota-at {@link AtFramer} and {@link
 * Urc#decode}) against a naive {@code String.split} / regex line parser, on a realistic mixed
 * module stream: firmware URCs, {@code +QLWEVTIND}, {@code +CSCON}, {@code +NNMI} with 64 bytes of
 * hex, and command responses. Scores are per line ({@link OperationsPerInvocation}); run with
 * {@code -prof gc} to see {@code gc.alloc.rate.norm} in bytes per line.
 *
 * <pre>
 * java -cp dfota-bench/target/classes:$(cat cp.txt) org.openjdk.jmh.Main AtDecodeBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AtDecodeBenchmark {

  /** Lines per stream copy; the score divides by it. */
  static final int LINES = 1000;

  private static final String NNMI_HEX = "0123456789ABCDEF".repeat(8); // 64 bytes

  private static final String[] MIXED = {
    "+QLWEVTIND:5",
    "FIRMWARE DOWNLOADING",
    "+CSCON:1",
    "+NNMI:64," + NNMI_HEX,
    "FIRMWARE DOWNLOADED",
    "+CSCON:1,0",
    "OK",
    "FIRMWARE UPDATING",
    "+QLWEVTIND:3",
    "+CSCON:0",
  };

  private static final String[] FIXED = {
    "FIRMWARE DOWNLOADING",
    "FIRMWARE DOWNLOADED",
    "FIRMWARE UPDATING",
    "FIRMWARE UPDATE SUCCESS",
    "FIRMWARE UPDATE OVER",
    "+QLWEVTIND:0",
    "+QLWEVTIND:3",
    "+QLWEVTIND:5",
    "+CSCON:0",
    "+CSCON:1",
  };

  private byte[] mixed = new byte[0];
  private byte[] fixed = new byte[0];
  private AtFramer framer = AtFramer.create();
  private AtFramer.Sink sink = (buf, off, len) -> {};

  private static byte[] stream(String[] lines) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < LINES; i++) {
      sb.append("\r\n").append(lines[i % lines.length]).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Builds the streams and the sink that decodes each line.
   *
   * @param bh the blackhole the decoded URCs go to
   */
  @Setup
  public void setUp(Blackhole bh) {
    mixed = stream(MIXED);
    fixed = stream(FIXED);
    framer = AtFramer.create();
    sink = (buf, off, len) -> bh.consume(Urc.decode(buf, off, len));
  }

  /** dfota-at on the mixed stream. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void framerMixed() {
    framer.feed(mixed, 0, mixed.length, sink);
  }

  /** dfota-at on fixed URCs only (expected: 0 bytes allocated per line). */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void framerFixedUrcs() {
    framer.feed(fixed, 0, fixed.length, sink);
  }

  /**
   * The naive baseline on the mixed stream.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void naiveMixed(Blackhole bh) {
    NaiveParser.parse(mixed, bh);
  }

  /**
   * The naive baseline on fixed URCs only.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void naiveFixedUrcs(Blackhole bh) {
    NaiveParser.parse(fixed, bh);
  }

  /** A typical hand-written AT parser: decode, split on line ends, match regexes. */
  static final class NaiveParser {
    private static final Pattern QLWEVTIND = Pattern.compile("^\\+QLWEVTIND:\\s*(\\d+)$");
    private static final Pattern CSCON = Pattern.compile("^\\+CSCON:\\s*(\\d+)(?:,(\\d+))?$");
    private static final Pattern NNMI = Pattern.compile("^\\+NNMI:\\s*(\\d+),([0-9A-Fa-f]*)$");
    private static final Pattern FIRMWARE = Pattern.compile("^FIRMWARE ([A-Z ]+)$");

    private NaiveParser() {}

    static List<Object> parse(byte[] bytes, Blackhole bh) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<Object> out = new ArrayList<>();
      for (String line : text.split("\r\n|\r|\n")) {
        String l = line.trim();
        if (l.isEmpty()) {
          continue;
        }
        Matcher m;
        if ((m = FIRMWARE.matcher(l)).matches()) {
          out.add(m.group(1));
        } else if ((m = QLWEVTIND.matcher(l)).matches()) {
          out.add(Integer.parseInt(m.group(1)));
        } else if ((m = CSCON.matcher(l)).matches()) {
          out.add(m.group(2) != null ? Integer.parseInt(m.group(2)) : Integer.parseInt(m.group(1)));
        } else if ((m = NNMI.matcher(l)).matches()) {
          out.add(HexFormat.of().parseHex(m.group(2)));
        } else {
          out.add(l);
        }
      }
      bh.consume(out);
      return out;
    }
  }
}
