package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.lwm2m.CoapTiming;
import io.dfota.lwm2m.LinkFaults;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CoAP timing and link options of {@code platform}, {@code emulate} and {@code demo}. */
class CoapTimingOptionsTest {

  @TempDir Path dir;

  /** A command holding the two mixins, parsed as the real commands parse them. */
  @CommandLine.Command(name = "probe")
  static final class Probe {
    @CommandLine.Mixin CoapTimingOptions coap = new CoapTimingOptions();
    @CommandLine.Mixin LinkOptions link = new LinkOptions();
  }

  private static Probe parse(String... args) {
    Probe p = new Probe();
    new CommandLine(p).parseArgs(args);
    return p;
  }

  @Test
  void withoutOptionsTheTimingIsTheBuildersDefault() {
    assertEquals(CoapTiming.of(Duration.ofSeconds(2), 4), parse().coap.timing());
    assertEquals(LinkFaults.NONE, parse().link.link(0));
  }

  @Test
  void presetsAreNamedLooselyAndSingleValuesOverrideThem() {
    assertEquals(CoapTiming.NB_IOT, parse("--coap-timing", "nb-iot").coap.timing());
    assertEquals(CoapTiming.RFC_7252, parse("--coap-timing", "RFC_7252").coap.timing());
    CoapTiming t =
        parse(
                "--coap-timing",
                "nb-iot",
                "--ack-timeout",
                "9s",
                "--max-retransmit",
                "3",
                "--exchange-lifetime",
                "PT10M",
                "--blockwise-lifetime",
                "500ms")
            .coap
            .timing();
    assertEquals(Duration.ofSeconds(9), t.ackTimeout());
    assertEquals(3, t.maxRetransmit());
    assertEquals(Duration.ofMinutes(10), t.exchangeLifetime());
    assertEquals(Duration.ofMillis(500), t.blockwiseStatusLifetime());
    assertEquals(CoapTiming.NB_IOT.nstart(), t.nstart());
  }

  @Test
  void linkOptionsMakeASeededLinkPerModule() {
    Probe p = parse("--link-loss", "0.1", "--link-duplicate", "0.05", "--link-delay", "1s..3s");
    LinkFaults a = p.link.link(0);
    LinkFaults b = p.link.link(1);
    assertEquals(0.1, a.dropRate());
    assertEquals(0.05, a.duplicateRate());
    assertEquals(Duration.ofSeconds(1), a.minDelay());
    assertEquals(Duration.ofSeconds(3), a.maxDelay());
    assertTrue(a.seed() != b.seed());
  }

  @Test
  void outOfRangeValuesAreUsageErrors() {
    Cli.Result r =
        Cli.run("demo", "--ack-random-factor", "9", "--data", dir.resolve("a").toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("ackRandomFactor"), r::toString);
    r = Cli.run("demo", "--coap-timing", "fast", "--data", dir.resolve("b").toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    r = Cli.run("demo", "--link-loss", "2", "--data", dir.resolve("c").toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    r = Cli.run("emulate", "--server", "127.0.0.1:5683", "--link-delay", "3s..1s");
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
    r = Cli.run("platform", "--data", dir.resolve("d").toString(), "--max-retransmit", "11");
    assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
  }
}
