package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class AtSessionProperties {

  @Property(tries = 200)
  void arbitraryModuleOutputNeverBreaksTheSession(
      @ForAll @Size(max = 5) List<@Size(max = 600) byte[]> garbage) {
    VirtualScheduler scheduler = new VirtualScheduler();
    InMemoryAtTransport.Pair pair = InMemoryAtTransport.pair();
    FakeModem modem = new FakeModem(pair.module());
    AtSession session = AtSession.builder().transport(pair.mcu()).scheduler(scheduler).build();
    modem.expect("AT+CGSN=1");
    CompletableFuture<AtResponse<String>> inFlight = session.send(new Cgsn());
    for (byte[] g : garbage) {
      modem.raw(new String(g, StandardCharsets.ISO_8859_1));
    }
    scheduler.advance(Duration.ofSeconds(10));
    assertTrue(inFlight.isDone(), "the in-flight command always completes");

    modem.expect("AT", "OK");
    CompletableFuture<AtResponse<NoContent>> at = session.send(new At());
    scheduler.advance(Duration.ofSeconds(10)); // a banner left open by the garbage times out
    assertEquals(new AtResponse.Ok<>(NoContent.INSTANCE, List.of()), at.join());
  }

  @Property(tries = 300)
  void arbitraryCommandLinesYieldOnlyParseResults(@ForAll @Size(max = 200) String line) {
    ModuleCodec.Parsed p = ModuleCodec.parseCommand(line);
    assertTrue(
        p instanceof ModuleCodec.Known
            || p instanceof ModuleCodec.Unsupported
            || p instanceof ModuleCodec.Invalid);
  }

  @Property(tries = 300)
  void arbitraryAtPrefixedLinesYieldOnlyParseResults(@ForAll @Size(max = 100) String params) {
    for (String name :
        List.of("+QLWULDATA=", "+QLWULDATAEX=", "+NCDP=", "+CSCON=", "+QLWFOTAIND=")) {
      ModuleCodec.parseCommand("AT" + name + params);
    }
  }
}
