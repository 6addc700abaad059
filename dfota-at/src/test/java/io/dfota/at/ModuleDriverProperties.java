package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.core.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ModuleDriverProperties {

  private static List<ModuleEvent> run(List<Integer> cuts) {
    VirtualScheduler scheduler = new VirtualScheduler();
    InMemoryAtTransport.Pair pair = InMemoryAtTransport.pair();
    FakeModem modem = new FakeModem(pair.module());
    AtSession session = AtSession.builder().transport(pair.mcu()).scheduler(scheduler).build();
    List<ModuleEvent> events = new ArrayList<>();
    ModuleDriver.builder()
        .session(session)
        .scheduler(scheduler)
        .reinitialiseAfterReboot(false)
        .listener(events::add)
        .build();
    byte[] b = ModuleDriverTest.SEED_SUCCESS_AFTER_UPLINK.getBytes(StandardCharsets.ISO_8859_1);
    int pos = 0;
    int i = 0;
    while (pos < b.length) {
      int n = cuts.isEmpty() ? 1 : cuts.get(i++ % cuts.size());
      int end = Math.min(b.length, pos + n);
      modem.raw(new String(b, pos, end - pos, StandardCharsets.ISO_8859_1));
      pos = end;
    }
    return events;
  }

  @Property(tries = 100)
  void theSeedTranscriptSplitAnywhereGivesTheSameDriverEvents(
      @ForAll @Size(max = 10) List<@IntRange(min = 1, max = 30) Integer> cuts) {
    assertEquals(run(List.of(10_000)), run(cuts));
  }
}
