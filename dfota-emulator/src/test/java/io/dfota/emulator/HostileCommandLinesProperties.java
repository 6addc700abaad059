package io.dfota.emulator;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dfota.at.AtFramer;
import io.dfota.core.VirtualScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile bytes from the MCU on the module side of the AT link (issue #10; protocol-notes §2.1):
 * random bytes, NUL, invalid UTF-8, endless lines and mutated commands. The emulated module never
 * stops answering: after any garbage and a CR, {@code AT+CGSN=1} still gets its IMEI.
 */
class HostileCommandLinesProperties {
  private static final Duration CASE_LIMIT = Duration.ofSeconds(20);
  private static final Imei IMEI = Imei.of(Imei.SEED_TAC, 7);

  private EmulatedModule module;
  private ScriptedMcu mcu;

  @BeforeProperty
  void boot() throws InterruptedException {
    module =
        EmulatedModule.builder()
            .imei(IMEI)
            .server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))
            .autoRegister(false)
            .scheduler(new VirtualScheduler())
            .build();
    mcu = new ScriptedMcu(module.connectInMemory());
    Platform.await(module.start());
    mcu.awaitLine(0, "OK");
  }

  @AfterProperty
  void stop() {
    module.stop();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> mutated =
        Combinators.combine(
                Arbitraries.of(
                    "AT+CGSN=1",
                    "AT+NCDP=127.0.0.1,5683",
                    "AT+QLWULDATA=3,AA34BB",
                    "AT+QLWULDATAEX=3,AA34BB,0x0100",
                    "AT+QLWFOTAIND=1",
                    "AT+CMEE=1",
                    "AT+NNMI=1",
                    "AT+CSCON?",
                    "AT+QREGSWT=1",
                    "ATE1",
                    "AT+CFUN=1"),
                Arbitraries.integers().between(0, 40),
                Arbitraries.bytes())
            .as(
                (c, at, b) -> {
                  byte[] x = ascii(c + "\r");
                  x[at % x.length] = b;
                  return x;
                });
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    Arbitrary<byte[]> nul = Arbitraries.integers().between(1, 100).map(byte[]::new);
    Arbitrary<byte[]> utf8 =
        Arbitraries.of(
            new byte[] {'A', 'T', '+', (byte) 0xC3, 0x28, '\r'},
            new byte[] {'A', 'T', (byte) 0xFF, (byte) 0xFE, '\r'},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\r'});
    Arbitrary<byte[]> endless =
        Arbitraries.integers()
            .between(AtFramer.DEFAULT_MAX_LINE_LENGTH - 8, 3 * AtFramer.DEFAULT_MAX_LINE_LENGTH)
            .map(n -> ascii("AT+QLWULDATA=3," + "A".repeat(n)));
    return Arbitraries.frequencyOf(
            Tuple.of(3, mutated),
            Tuple.of(3, random),
            Tuple.of(1, nul),
            Tuple.of(1, utf8),
            Tuple.of(1, endless))
        .filter(b -> !new String(b, StandardCharsets.ISO_8859_1).toUpperCase().contains("NRB"));
  }

  @Property(tries = 120)
  void theModuleKeepsAnsweringAfterAnyBytes(@ForAll("garbageStreams") List<byte[]> pieces) {
    String transcript =
        assertTimeoutPreemptively(
            CASE_LIMIT,
            () -> {
              int mark = mcu.mark();
              for (byte[] p : pieces) {
                mcu.sendRaw(p);
              }
              mcu.sendRaw(new byte[] {'\r'});
              mcu.send("AT+CGSN=1");
              mcu.awaitLine(mark, "+CGSN:" + IMEI.value());
              return mcu.since(mark);
            });
    Statistics.collect(transcript.contains("ERROR") ? "some ERROR" : "no ERROR");
  }

  @Provide
  Arbitrary<List<byte[]>> garbageStreams() {
    return garbage().list().ofMaxSize(6);
  }
}
