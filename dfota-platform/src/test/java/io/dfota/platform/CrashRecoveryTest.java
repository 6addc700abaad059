package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the platform's JVM in the middle of a task and restarts it on the same H2 file: no device
 * is lost, none is counted twice, and the final counters are exact (DESIGN.md "Nothing is lost").
 */
class CrashRecoveryTest {

  @TempDir Path dir;

  private Process child(String mode) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            CrashRecoveryChild.class.getName(),
            url(),
            dir.resolve("data").toString(),
            mode);
    pb.redirectError(dir.resolve("child-" + mode + ".log").toFile());
    return pb.start();
  }

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("db" + File.separator + "dfota").toAbsolutePath();
  }

  @Test
  void aKilledPlatformResumesItsTaskWithoutLosingOrDoubleCountingDevices() throws Exception {
    // first life: kill it after six final outcomes
    Process first = child("create");
    List<String> firstOutcomes = new ArrayList<>();
    String taskId = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("TASK ")) {
          taskId = line.substring(5);
        } else if (line.startsWith("OUTCOME ")) {
          firstOutcomes.add(line);
          if (firstOutcomes.size() == 6) {
            first.destroyForcibly();
            break;
          }
        } else if (line.equals("DONE")) {
          break;
        }
      }
    }
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    assertTrue(taskId != null, "the child never created its task");

    TaskCounters afterKill;
    Set<String> finalAtKill = new HashSet<>();
    try (CampaignStore s = CampaignStore.jdbc(url(), "sa", "")) {
      List<DeviceRun> runs = s.runs(taskId);
      afterKill = TaskCounters.of(runs);
      runs.stream().filter(x -> x.status().terminal()).forEach(x -> finalAtKill.add(x.imei()));
    }
    assertTrue(
        afterKill.waiting() + afterKill.running() > 0, "killed too late to test: " + afterKill);
    assertTrue(afterKill.completed() >= 6, "reported outcomes must be stored: " + afterKill);

    // second life: resume from the store
    Process second = child("resume");
    List<String> secondOutcomes = new ArrayList<>();
    boolean done = false;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("OUTCOME ")) {
          secondOutcomes.add(line);
        } else if (line.equals("DONE")) {
          done = true;
        }
      }
    }
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, second.exitValue());
    assertTrue(done, "the resumed platform did not finish the task");

    // no device reported final twice, across both lives
    Map<String, Integer> reports = new HashMap<>();
    for (String o : firstOutcomes) {
      reports.merge(o.split(" ")[1], 1, Integer::sum);
    }
    for (String o : secondOutcomes) {
      String imei = o.split(" ")[1];
      assertTrue(!finalAtKill.contains(imei), "reported again after restart: " + o);
      reports.merge(imei, 1, Integer::sum);
    }
    reports.forEach((imei, n) -> assertEquals(1, n, "outcomes reported for " + imei));

    int expectedFailed = 0;
    for (int i = 0; i < CrashRecoveryChild.DEVICES; i++) {
      if (CrashRecoveryChild.failing(i)) {
        expectedFailed++;
      }
    }
    try (CampaignStore s = CampaignStore.jdbc(url(), "sa", "")) {
      List<DeviceRun> runs = s.runs(taskId);
      assertEquals(CrashRecoveryChild.DEVICES, runs.size());
      assertEquals(
          CrashRecoveryChild.DEVICES, runs.stream().map(DeviceRun::deviceId).distinct().count());
      TaskCounters c = TaskCounters.of(runs);
      assertEquals(
          new TaskCounters(
              CrashRecoveryChild.DEVICES,
              0,
              0,
              CrashRecoveryChild.DEVICES - expectedFailed,
              expectedFailed,
              0),
          c);
      for (int i = 0; i < CrashRecoveryChild.DEVICES; i++) {
        String imei = CrashRecoveryChild.imei(i);
        DeviceRun run = runs.stream().filter(x -> x.imei().equals(imei)).findFirst().orElseThrow();
        assertEquals(
            CrashRecoveryChild.failing(i) ? DeviceStatus.FAILED : DeviceStatus.SUCCESS,
            run.status(),
            imei);
        // an attempt cut by the kill is not counted: retry "none" means exactly one attempt
        assertEquals(1, run.attempts(), imei + " " + run);
        assertTrue(reports.containsKey(imei) || finalAtKill.contains(imei), imei + " lost");
      }
    }
  }
}
