package io.dfota.bench.density;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The engine dispatching as fast as it can over the null fleet on a wall-clock scheduler (not
 * timed): every device upgraded after one start, and no cell ever holds more devices past the
 * coverage gate than its cap, while the cap is reached.
 */
class DispatchBenchmarkTest {

  @Test
  void perCellCapsHoldAtFullDispatchRate() throws Exception {
    DispatchBenchmark.Run run = DispatchBenchmark.run(10_000, 40, 25);
    assertEquals(10_000, run.starts());
    assertEquals(25, run.maxPerCell());
  }

  @Test
  void aCapOfOneSerialisesEachCell() throws Exception {
    DispatchBenchmark.Run run = DispatchBenchmark.run(500, 7, 1);
    assertEquals(500, run.starts());
    assertEquals(1, run.maxPerCell());
  }
}
