package io.dfota.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path dir;

  @Test
  void mainBodyUpgradesThreeEmulatedModulesAndReportsTheSeedsTaskDetails() throws Exception {
    TaskDetails details = Quickstart.run(3, dir, Duration.ofSeconds(25));

    assertEquals(TaskStatus.SUCCESS, details.status(), details.toString());
    assertEquals(3, details.counters().total());
    assertEquals(3, details.counters().success());
    assertEquals(0, details.counters().failed());
    assertEquals("BC35GJBR01A03_TO_BC35GJBR01A04.bin", details.firmwareName());
    assertEquals("BC35GJBR01A04", details.version());
    assertEquals("DFOTA", details.group());
    assertEquals(
        List.of("867725030008282", "867725030008290", "867725030008308"),
        details.devices().stream().map(DeviceRun::imei).sorted().toList());
    for (DeviceRun run : details.devices()) {
      assertEquals(DeviceStatus.SUCCESS, run.status(), run.toString());
      assertEquals(DeviceRun.SUCCESS_DESCRIPTION, run.description());
    }
  }
}
