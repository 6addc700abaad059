package io.dfota.bench.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.VirtualScheduler;
import io.dfota.lwm2m.Registration;
import io.dfota.lwm2m.internal.RegistryImpl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small run of the density measurement (not timed): every step fills what it says. */
class DensityBenchmarkTest {

  @Test
  void smallRunFillsRegistryAndPlatformAndReportsEveryMeasure() throws Exception {
    List<DensityBenchmark.Measure> measures = DensityBenchmark.run(1000);
    assertEquals(
        List.of(
            "registry",
            "platform.deviceGroups",
            "platform.waitingTasks",
            "platform.all",
            "registry+platform.waiting",
            "platform.finishedTasks"),
        measures.stream().map(DensityBenchmark.Measure::measure).toList());
    for (DensityBenchmark.Measure m : measures) {
      assertEquals(1000, m.devices());
      assertTrue(m.json().startsWith("{\"bench\":\"density\""), m.json());
    }
  }

  @Test
  void syntheticRegistrationsAreDistinctDevicesSharingTheirLinkList() {
    RegistryImpl registry = DensityBenchmark.fillRegistry(new VirtualScheduler(), 300);
    List<Registration> all = List.copyOf(registry.all());
    assertEquals(300, all.size());
    assertEquals(300, all.stream().map(Registration::address).distinct().count());
    assertSame(all.get(0).objectLinks(), all.get(299).objectLinks());
  }
}
