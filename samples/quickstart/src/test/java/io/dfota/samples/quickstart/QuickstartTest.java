package io.dfota.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
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

  @Test
  void readmesCarryThePlatformRoleSnippetsOfThisSource() throws IOException {
    Path source = Path.of("src/main/java/io/dfota/samples/quickstart/Quickstart.java");
    for (Path readme : List.of(Path.of("..", "README.md"), Path.of("..", "..", "README.md"))) {
      String text = Files.readString(readme, StandardCharsets.UTF_8);
      for (String name : List.of("platform", "task")) {
        String snippet = "```java\n" + readmeRegion(source, name) + "\n```";
        assertTrue(text.contains(snippet), readme + " lacks the region " + name);
      }
    }
  }

  /** The lines between {@code // README:begin NAME} and {@code // README:end NAME}, dedented. */
  static String readmeRegion(Path source, String name) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    String begin = ("// README:begin " + name).strip();
    String end = ("// README:end " + name).strip();
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) {
        from = i + 1;
      } else if (lines.get(i).strip().equals(end)) {
        to = i;
      }
    }
    assertTrue(from > 0 && to >= from, source + ": no README region " + name);
    List<String> region = lines.subList(from, to);
    int indent =
        region.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return region.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.joining("\n"));
  }
}
