package io.dfota.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtFramer;
import io.dfota.core.VirtualScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Whatever line an MCU sends, a registered-or-not emulated module answers it with exactly one final
 * result (protocol-notes §2.1), and the framing stays the module's.
 */
class EmulatedModuleProperties {
  private static final Pattern FINAL = Pattern.compile("OK|ERROR|\\+CME ERROR:[0-9]+");

  private EmulatedModule module;
  private ScriptedMcu mcu;

  @BeforeProperty
  void boot() throws InterruptedException {
    module =
        EmulatedModule.builder()
            .imei(Imei.of(Imei.SEED_TAC, 1))
            // never contacted: without automatic registration no datagram is sent
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

  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> name =
        Arbitraries.of(
            "",
            "E0",
            "E1",
            "+CMEE",
            "+CGSN",
            "+CGMR",
            "+NCDP",
            "+QREGSWT",
            "+QLWULDATASTATUS",
            "+NNMI",
            "+NMGR",
            "+NQMGR",
            "+NQMGS",
            "+NMSTATUS",
            "+QLWFOTAIND",
            "+CSCON",
            "+CEREG",
            "+NUESTATS",
            "+CFUN",
            "+CGATT",
            "+FOO",
            "+QLWEVTIND");
    Arbitrary<String> tail =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.just("?"),
            Arbitraries.just("=?"),
            Arbitraries.strings()
                .withChars("0123456789,.\"xAF-")
                .ofMaxLength(12)
                .map(p -> "=" + p));
    return Combinators.combine(Arbitraries.of("AT", "at", "At"), name, tail)
        .as((a, n, t) -> a + n + t);
  }

  @Property(tries = 200)
  void answersEveryLineWithExactlyOneFinalResult(@ForAll("lines") String line)
      throws InterruptedException {
    int mark = mcu.mark();
    mcu.send(line);
    mcu.send("AT"); // a fence: its OK is the last line
    int end = mcu.awaitLine(mark, "OK");
    String text = mcu.since(mark);
    // wait for the fence's own OK when the line itself ended in OK
    while (countFinals(text) < 2) {
      end = mcu.awaitLine(end, "OK");
      text = mcu.since(mark);
    }
    assertEquals(2, countFinals(text), text);
    assertTrue(text.endsWith("\r\nOK\r\n"), text);
  }

  private static long countFinals(String text) {
    List<AtFramer.Event> events =
        AtFramer.create().decode(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    return events.stream()
        .filter(e -> e instanceof AtFramer.Line l && FINAL.matcher(l.text()).matches())
        .count();
  }
}
