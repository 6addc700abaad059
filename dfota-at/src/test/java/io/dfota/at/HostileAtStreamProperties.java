package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile bytes at the AT border (issue #10; protocol-notes §2): random bytes, valid and mutated
 * lines, endless lines, NUL, invalid UTF-8 and interleaved URCs, fed to the framer, to the session
 * and driver together (MCU side), and as command lines to the module-side parser. Each case runs
 * under a wall-clock bound; only the documented values come out.
 */
class HostileAtStreamProperties {
  /** Wall-clock bound of one case: a hang fails it. */
  private static final Duration CASE_LIMIT = Duration.ofSeconds(10);

  private static final List<String> LINES =
      List.of(
          "OK",
          "ERROR",
          "+CME ERROR:529",
          "+CME ERROR:",
          "+CGSN:867725030008282",
          "+QLWEVTIND:3",
          "+QLWEVTIND:99999999999",
          "+QLWEVTIND:-1",
          "+NNMI:4,DEADBEEF",
          "+NNMI:5,DEADBEEF",
          "+NNMI:99999999999,AB",
          "+NNMI:,",
          "+CSCON:1,0",
          "+CSCON:",
          "+QLWULDATASTATUS:4",
          "FIRMWARE DOWNLOADING",
          "FIRMWARE DOWNLOAD FAILED",
          "FIRMWARE DOWNLOAD SUCCESS",
          "FIRMWARE UPDATING",
          "FIRMWARE UPDATE SUCCESS",
          "FIRMWARE UPDATE FAILED",
          "FIRMWARE UPDATE OVER",
          "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
          "REBOOT_CAUSE_APPLICATION_AT",
          "Neul",
          "Signal power:-785",
          "> ");

  private static final List<byte[]> INVALID_UTF8 =
      List.of(
          new byte[] {(byte) 0xC3, 0x28},
          new byte[] {(byte) 0xFF, (byte) 0xFE},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0xE2, (byte) 0x82});

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One hostile piece of a module's output. */
  @Provide
  Arbitrary<byte[]> piece() {
    Arbitrary<String> ends = Arbitraries.of("\r\n", "\r", "\n", "", "\r\n\r\n");
    Arbitrary<byte[]> validLine =
        Combinators.combine(Arbitraries.of(LINES), ends).as((l, e) -> ascii("\r\n" + l + e));
    Arbitrary<byte[]> mutatedLine =
        Combinators.combine(
                Arbitraries.of(LINES), Arbitraries.integers().between(0, 40), Arbitraries.bytes())
            .as(
                (l, at, b) -> {
                  byte[] x = ascii("\r\n" + l + "\r\n");
                  x[at % x.length] = b;
                  return x;
                });
    Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> nul = Arbitraries.integers().between(1, 64).map(byte[]::new);
    Arbitrary<byte[]> utf8 =
        Arbitraries.of(INVALID_UTF8).map(b -> concat(ascii("\r\n+NNMI:2,"), b, ascii("\r\n")));
    Arbitrary<byte[]> endless =
        Arbitraries.integers()
            .between(AtFramer.DEFAULT_MAX_LINE_LENGTH - 2, 3 * AtFramer.DEFAULT_MAX_LINE_LENGTH)
            .map(n -> ascii("+NNMI:" + "A".repeat(n)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, validLine),
        net.jqwik.api.Tuple.of(3, mutatedLine),
        net.jqwik.api.Tuple.of(3, randomBytes),
        net.jqwik.api.Tuple.of(1, nul),
        net.jqwik.api.Tuple.of(1, utf8),
        net.jqwik.api.Tuple.of(1, endless));
  }

  @Provide
  Arbitrary<List<byte[]>> streams() {
    return piece().list().ofMaxSize(16);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Property(tries = 250)
  void theFramerYieldsOnlyBoundedLinesPromptsAndLengthErrors(@ForAll("streams") List<byte[]> s) {
    List<String> labels =
        assertTimeoutPreemptively(
            CASE_LIMIT,
            () -> {
              AtFramer f = AtFramer.create();
              int lines = 0;
              int errors = 0;
              for (byte[] chunk : s) {
                for (AtFramer.Event e : f.decode(chunk)) {
                  if (e instanceof AtFramer.Line l) {
                    lines++;
                    assertTrue(l.text().length() <= AtFramer.DEFAULT_MAX_LINE_LENGTH);
                    assertTrue(Urc.parse(l.text()).line() != null);
                  } else if (e instanceof AtFramer.Error err) {
                    errors++;
                    assertTrue(err.message().startsWith("line length"), err.message());
                  } else {
                    assertTrue(e instanceof AtFramer.Prompt, e::toString);
                  }
                }
                assertTrue(f.buffered() <= AtFramer.DEFAULT_MAX_LINE_LENGTH);
              }
              return List.of(
                  errors > 0 ? "with length errors" : "lines only",
                  lines == 0 ? "0" : lines < 10 ? "1-9" : "10+");
            });
    Statistics.label("framer").collect(labels.get(0));
    Statistics.label("lines").collect(labels.get(1));
  }

  @Property(tries = 150)
  void sessionAndDriverSurviveHostileOutputAndStillAnswerTheNextCommand(
      @ForAll("streams") List<byte[]> s) {
    List<String> labels =
        assertTimeoutPreemptively(
            CASE_LIMIT,
            () -> {
              VirtualScheduler scheduler = new VirtualScheduler();
              InMemoryAtTransport.Pair pair = InMemoryAtTransport.pair();
              FakeModem modem = new FakeModem(pair.module());
              AtSession session =
                  AtSession.builder().transport(pair.mcu()).scheduler(scheduler).build();
              List<ModuleEvent> events = new ArrayList<>();
              ModuleDriver.builder()
                  .session(session)
                  .scheduler(scheduler)
                  .reinitialiseAfterReboot(false)
                  .listener(events::add)
                  .build();
              modem.expect("AT+CGSN=1");
              CompletableFuture<AtResponse<String>> inFlight = session.send(new Cgsn());
              for (byte[] chunk : s) {
                modem.raw(new String(chunk, StandardCharsets.ISO_8859_1));
              }
              scheduler.advance(Duration.ofSeconds(30));
              assertTrue(inFlight.isDone(), "the in-flight command always completes");
              String outcome = inFlight.join().getClass().getSimpleName();
              String driver = events.isEmpty() ? "none" : "some";

              // a partial final line left by the garbage ("\r\nERROR" without its end) is
              // completed by the next reply's CR LF and may answer the first command; the
              // session is back in step by the second
              modem.expect("AT", "OK");
              CompletableFuture<AtResponse<NoContent>> first = session.send(new At());
              scheduler.advance(Duration.ofSeconds(30));
              assertTrue(first.isDone());
              modem.expect("AT", "OK");
              CompletableFuture<AtResponse<NoContent>> second = session.send(new At());
              scheduler.advance(Duration.ofSeconds(30));
              assertEquals(new AtResponse.Ok<>(NoContent.INSTANCE, List.of()), second.join());
              return List.of(outcome, driver, first.join().getClass().getSimpleName());
            });
    Statistics.label("in-flight").collect(labels.get(0));
    Statistics.label("driver events").collect(labels.get(1));
    Statistics.label("next command").collect(labels.get(2));
  }

  @Provide
  Arbitrary<String> commandLines() {
    Arbitrary<String> names =
        Arbitraries.of(
            "+CGSN",
            "+NCDP",
            "+QLWULDATA",
            "+QLWULDATAEX",
            "+QLWFOTAIND",
            "+CSCON",
            "+CFUN",
            "+CMEE",
            "+NNMI",
            "+NMGR",
            "+QREGSWT",
            "+CEREG",
            "+NUESTATS",
            "E",
            "+QLWEVTIND");
    Arbitrary<String> params =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.strings().withChars("0123456789,\"-xAF ").ofMaxLength(40),
            Arbitraries.integers().between(0, 5000).map(n -> "1," + "A".repeat(n)),
            Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(60));
    Arbitrary<String> ops = Arbitraries.of("", "?", "=?", "=");
    return Combinators.combine(Arbitraries.of("AT", "at", "A", ""), names, ops, params)
        .as((a, n, o, p) -> a + n + o + p);
  }

  @Property(tries = 1000)
  void theModuleSideParserYieldsOnlyItsThreeResults(@ForAll("commandLines") String line) {
    ModuleCodec.Parsed p =
        assertTimeoutPreemptively(CASE_LIMIT, () -> ModuleCodec.parseCommand(line));
    assertTrue(
        p instanceof ModuleCodec.Known
            || p instanceof ModuleCodec.Unsupported
            || p instanceof ModuleCodec.Invalid,
        p::toString);
    Statistics.collect(p.getClass().getSimpleName());
  }
}
