package io.dfota.bench;

import io.dfota.at.AtFramer;
import io.dfota.at.AtLine;
import io.dfota.at.AtLineDecoder;
import io.dfota.at.Urc;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
 * Throughput and allocation of the whole AT decoding path, bytes in to typed values out, against a
 * naive parser in the same run, on a realistic mixed module stream (firmware URCs, {@code
 * +QLWEVTIND}, {@code +CSCON} URCs, a {@code +NNMI} downlink with 64 bytes of hex, and the
 * responses {@code OK} and {@code +CSCON:1,0}) and on fixed URCs only.
 *
 * <ul>
 *   <li>{@code decoder*}: the zero-allocation API, {@link AtLineDecoder} (framer and classification
 *       into {@link AtLine}: final results, URC constants, the {@code +NNMI} payload decoded into
 *       the caller's buffer, numeric fields of response lines).
 *   <li>{@code framer*}: the value API, {@link AtFramer} with {@link Urc#decode} on every line
 *       (fixed URCs are constants; a {@code +NNMI} payload and a response line become new values).
 *   <li>{@code naive*}: what an integrator writes by hand: {@link BufferedReader#readLine()} over
 *       the bytes, {@code trim}, and precompiled regexes per line, extracting the same information.
 *   <li>{@code naiveSplit*}: the earlier baseline, one {@code String.split} of the whole stream.
 * </ul>
 *
 * <p>Scores are lines per microsecond ({@link OperationsPerInvocation}); {@code -prof gc} gives
 * {@code gc.alloc.rate.norm} in bytes per line. See docs/bench/jmh.md for the commands.
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
  private AtLineDecoder decoder = AtLineDecoder.create();
  private AtLineDecoder.Handler handler = line -> {};

  static String[] mixedLines() {
    return MIXED.clone();
  }

  static String[] fixedLines() {
    return FIXED.clone();
  }

  static byte[] stream(String[] lines) {
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
    decoder = AtLineDecoder.create();
    handler = new TypedHandler(bh);
  }

  /** Takes from each line what the naive parser takes: the URC, the payload bytes, the number. */
  static final class TypedHandler implements AtLineDecoder.Handler {
    private final Blackhole bh;
    private final byte[] payload = new byte[1024];

    TypedHandler(Blackhole bh) {
      this.bh = bh;
    }

    @Override
    public void onLine(AtLine line) {
      switch (line.kind()) {
        case URC -> bh.consume(line.urc());
        case NNMI_DATA -> bh.consume(line.copyPayload(payload, 0) + payload[0]);
        case OTHER -> {
          int mode = line.intField(1);
          bh.consume(mode >= 0 ? mode : line.intField(0));
        }
        case CME_ERROR -> bh.consume(line.cmeCode());
        default -> bh.consume(line.kind());
      }
    }
  }

  /** dfota-at's zero-allocation API on the mixed stream. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void decoderMixed() {
    decoder.feed(mixed, 0, mixed.length, handler);
  }

  /** dfota-at's zero-allocation API on fixed URCs only. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void decoderFixedUrcs() {
    decoder.feed(fixed, 0, fixed.length, handler);
  }

  /** dfota-at's value API (framer and {@link Urc#decode}) on the mixed stream. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void framerMixed() {
    framer.feed(mixed, 0, mixed.length, sink);
  }

  /** dfota-at's value API on fixed URCs only (expected: 0 bytes allocated per line). */
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

  /**
   * The earlier split baseline on the mixed stream.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void naiveSplitMixed(Blackhole bh) {
    NaiveParser.parseSplit(mixed, bh);
  }

  /**
   * The earlier split baseline on fixed URCs only.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void naiveSplitFixedUrcs(Blackhole bh) {
    NaiveParser.parseSplit(fixed, bh);
  }

  /** A typical hand-written AT parser: read lines, trim, match precompiled regexes. */
  static final class NaiveParser {
    private static final Pattern QLWEVTIND = Pattern.compile("^\\+QLWEVTIND:\\s*(\\d+)$");
    private static final Pattern CSCON = Pattern.compile("^\\+CSCON:\\s*(\\d+)(?:,(\\d+))?$");
    private static final Pattern NNMI = Pattern.compile("^\\+NNMI:\\s*(\\d+),([0-9A-Fa-f]*)$");
    private static final Pattern FIRMWARE = Pattern.compile("^FIRMWARE ([A-Z ]+)$");

    private NaiveParser() {}

    /** One line: the firmware state, the number, the payload or the line itself. */
    static Object line(String l) {
      Matcher m;
      if ((m = FIRMWARE.matcher(l)).matches()) {
        return m.group(1);
      } else if ((m = QLWEVTIND.matcher(l)).matches()) {
        return Integer.parseInt(m.group(1));
      } else if ((m = CSCON.matcher(l)).matches()) {
        return m.group(2) != null ? Integer.parseInt(m.group(2)) : Integer.parseInt(m.group(1));
      } else if ((m = NNMI.matcher(l)).matches()) {
        return HexFormat.of().parseHex(m.group(2));
      }
      return l;
    }

    /** {@link BufferedReader#readLine()} splits at CR, LF and CR LF, like the module's framing. */
    static void parse(byte[] bytes, Blackhole bh) {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII))) {
        String line;
        while ((line = r.readLine()) != null) {
          String l = line.trim();
          if (!l.isEmpty()) {
            bh.consume(line(l));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static List<Object> parseSplit(byte[] bytes, Blackhole bh) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<Object> out = new ArrayList<>();
      for (String line : text.split("\r\n|\r|\n")) {
        String l = line.trim();
        if (!l.isEmpty()) {
          out.add(line(l));
        }
      }
      bh.consume(out);
      return out;
    }
  }
}
