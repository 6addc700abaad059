package io.dfota.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

  @Test
  void runsDueTasksInOrderOfDueTimeThenOfScheduling() {
    VirtualScheduler s = new VirtualScheduler(Instant.EPOCH);
    List<String> ran = new ArrayList<>();
    s.schedule(Duration.ofSeconds(2), () -> ran.add("b"));
    s.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
    s.schedule(Duration.ofSeconds(2), () -> ran.add("c"));
    s.advance(Duration.ofMillis(1999));
    assertEquals(List.of("a"), ran);
    s.advance(Duration.ofMillis(1));
    assertEquals(List.of("a", "b", "c"), ran);
    assertEquals(Instant.EPOCH.plusSeconds(2), s.now());
  }

  @Test
  void tasksSeeTheirDueTimeAndMayScheduleMore() {
    VirtualScheduler s = new VirtualScheduler(Instant.EPOCH);
    List<Instant> seen = new ArrayList<>();
    s.schedule(
        Duration.ofMinutes(1),
        () -> {
          seen.add(s.now());
          s.schedule(Duration.ofMinutes(1), () -> seen.add(s.now()));
        });
    s.advance(Duration.ofHours(1));
    assertEquals(List.of(Instant.EPOCH.plusSeconds(60), Instant.EPOCH.plusSeconds(120)), seen);
    assertEquals(Instant.EPOCH.plusSeconds(3600), s.clock().instant());
  }

  @Test
  void cancelledTasksNeverRun() {
    VirtualScheduler s = new VirtualScheduler();
    List<String> ran = new ArrayList<>();
    s.schedule(Duration.ofSeconds(1), () -> ran.add("x")).cancel();
    s.advance(Duration.ofSeconds(5));
    assertEquals(List.of(), ran);
  }

  @Test
  void timeNeverMovesBackwards() {
    VirtualScheduler s = new VirtualScheduler(Instant.EPOCH.plusSeconds(10));
    assertThrows(DfotaException.class, () -> s.advanceTo(Instant.EPOCH));
    assertThrows(DfotaException.class, () -> s.advance(Duration.ofSeconds(-1)));
    assertThrows(DfotaException.class, () -> s.schedule(Duration.ofSeconds(-1), () -> {}));
  }
}
