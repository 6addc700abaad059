package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Fleet;
import io.dfota.emulator.Imei;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.TaskCounters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform process (a child JVM running {@link KilledPlatform}) is killed with SIGKILL at ten
 * random points of a running task over 100 emulated modules and restarted on the same H2 store and
 * UDP port each time (issue #10, "Crashes and power loss"; DESIGN.md "Nothing is lost"). The
 * modules live in this JVM and reach the platform over CoAP on loopback. At the end every device
 * has the status its fault plan dictates, the counters match the per-device table exactly, no final
 * outcome was reported twice and no module is left mid-FOTA.
 *
 * <p>The kill points are drawn from a seed, printed first; re-run one with {@code
 * -Ddfota.crash.seed=N}.
 */
class PlatformKillTest {

  private static final int DEVICES = 100;
  private static final int KILLS = 10;
  private static final int FIRST_SERIAL = 100;
  private static final int RETRIES = 5;

  /** A small delta (8 Block2 blocks of 512 bytes): the test is about the platform, not speed. */
  private static final int PAYLOAD_BYTES = 4000;

  private static final long WAIT_SECONDS = 150;

  /**
   * Kept when the test fails: the platform's log is in platform/dfota.log, its stderr in child.err.
   */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  /**
   * The modules whose fault plan corrupts the package: they must end FAILED, the others SUCCESS.
   */
  private static boolean corrupt(int serial) {
    return serial % 10 == 3;
  }

  /** One life of the platform process, with its output lines. */
  private final class Life {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();

    Life(String mode, Seed.Prepared prepared, int port) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-Xmx256m",
              // a quick start on a loaded machine: C1 only, serial GC
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-cp",
              System.getProperty("java.class.path"),
              KilledPlatform.class.getName(),
              dir.resolve("platform").toString(),
              Integer.toString(port),
              mode,
              prepared.signedZip().toString(),
              prepared.keyDir().resolve("public.pem").toString(),
              Integer.toString(DEVICES),
              Integer.toString(FIRST_SERIAL),
              Integer.toString(RETRIES));
      pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile()));
      process = pb.start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("EOF " + e);
                }
                lines.add("EOF");
              },
              "platform-" + mode + "-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for a line starting with the prefix; returns it. */
    String await(String prefix) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (true) {
        String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null || line.startsWith("EOF")) {
          throw new AssertionError(
              "no '" + prefix + "' from the platform (" + line + "); saw " + tail());
        }
        all.add(line);
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    String tail() {
      return all.subList(Math.max(0, all.size() - 5), all.size()).toString();
    }

    /** Kills the process with SIGKILL and waits for it to die. */
    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL on Linux (ProcessImpl.destroy(true))
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed platform did not die");
      // 128 + 9: the process died of SIGKILL, it did not exit on its own
      assertEquals(137, process.exitValue(), "exit status of the killed platform");
      lines.drainTo(all);
    }
  }

  /**
   * A free UDP port in 20000..29999, below the ephemeral ranges of Linux (32768..) and Windows
   * (49152..), so that no socket the modules open while the platform is down can take it.
   */
  static int freeUdpPort(Random random) throws IOException {
    for (int i = 0; i < 100; i++) {
      int port = 20000 + random.nextInt(10000);
      try (DatagramSocket s =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        return s.getLocalPort();
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IOException("no free UDP port in 20000..29999");
  }

  @Test
  void aPlatformKilledTenTimesMidTaskEndsWithEveryDeviceRightAndExactCounters() throws Exception {
    long seed = Long.getLong("dfota.crash.seed", new SecureRandom().nextLong());
    System.out.println("PlatformKillTest seed " + seed + " (-Ddfota.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    Seed.Prepared prepared = Seed.preparePackage(dir.resolve("build"), PAYLOAD_BYTES);
    int port = freeUdpPort(new Random());

    Map<String, Integer> finals = new HashMap<>();
    List<String> killPoints = new ArrayList<>();
    Life life = new Life("create", prepared, port);
    life.await("UP");
    String taskId = life.await("TASK ").substring(5);

    try (Fleet fleet =
        Fleet.builder()
            .count(DEVICES)
            .imeiBase(Imei.SEED_TAC, FIRST_SERIAL)
            .server(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .revision(Seed.FROM_VERSION)
            .drivers(false)
            .faults(
                imei -> {
                  int serial = serial(imei);
                  FaultPlan.Builder b = FaultPlan.builder().radio(serial % 4, -90, 10);
                  return corrupt(serial) ? b.corruptPackage().build() : b.build();
                })
            .customize(
                (imei, b) ->
                    b.lifetime(Duration.ofSeconds(6))
                        .coapTiming(Duration.ofMillis(500), 2)
                        .requestTimeout(Duration.ofSeconds(5)))
            .build()) {
      // a module whose first registration got no answer on this loaded machine registers again
      // on its own a moment later (ClientImpl): the start itself may fail
      fleet.start().handle((v, e) -> null).get(WAIT_SECONDS, TimeUnit.SECONDS);

      for (int kill = 1; kill <= KILLS; kill++) {
        // a random point: after k device rows of this life (its start and resume included),
        // plus up to 200 ms
        int k = 1 + random.nextInt(30);
        String last = "";
        for (int i = 0; i < k; i++) {
          last = life.await("ROW ");
          countFinal(finals, last);
        }
        Thread.sleep(random.nextInt(200)); // where the kill lands, not a timing assertion
        life.kill();
        life.all.stream()
            .filter(l -> l.startsWith("ROW "))
            .skip(k)
            .forEach(l -> countFinal(finals, l));
        assertTrue(
            life.all.stream().noneMatch(l -> l.startsWith("DONE")),
            "the task finished before kill " + kill + " (seed " + seed + ")");
        long killed = System.nanoTime();
        String up =
            life.all.stream().filter(l -> l.startsWith("UP")).findFirst().orElse("before UP");
        killPoints.add(
            String.format(
                "kill %d at %.1f s after %d rows of its life (%s), last %s",
                kill, (killed - t0) / 1e9, k, up, last));
        life = new Life("resume", prepared, port);
      }
      long lastLife = System.nanoTime();
      String done = life.await("DONE ");
      killPoints.add(
          String.format(
              "last life finished the task in %.1f s", (System.nanoTime() - lastLife) / 1e9));
      assertTrue(life.process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, life.process.exitValue());
      life.lines.drainTo(life.all);
      life.all.stream().filter(l -> l.startsWith("ROW ")).forEach(l -> countFinal(finals, l));
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.println(String.join("\n", killPoints));

      // the per-device table in the store
      int expectedFailed = 0;
      try (CampaignStore store =
          CampaignStore.jdbc(
              "jdbc:h2:file:"
                  + dir.resolve("platform")
                      .resolve("db")
                      .resolve(EmbeddedPlatform.DATABASE)
                      .toAbsolutePath(),
              "sa",
              "")) {
        List<DeviceRun> runs = store.runs(taskId);
        assertEquals(DEVICES, runs.size());
        assertEquals(DEVICES, runs.stream().map(DeviceRun::deviceId).distinct().count());
        for (DeviceRun r : runs) {
          int serial = serial(new Imei(r.imei()));
          String where = r.imei() + " " + r + " (seed " + seed + ")";
          if (corrupt(serial)) {
            expectedFailed++;
            assertEquals(DeviceStatus.FAILED, r.status(), where);
            assertEquals(
                "Download failed: update result 5 (Integrity check failure for the downloaded"
                    + " package)",
                r.description(),
                where);
            assertEquals(1 + RETRIES, r.attempts(), where);
          } else {
            assertEquals(DeviceStatus.SUCCESS, r.status(), where);
            assertTrue(r.attempts() >= 1 && r.attempts() <= 1 + RETRIES, where);
          }
          // a final outcome is reported at most once over all lives
          assertTrue(finals.getOrDefault(r.imei(), 0) <= 1, where + " reported twice");
        }
        TaskCounters table = TaskCounters.of(runs);
        assertEquals(
            new TaskCounters(DEVICES, 0, 0, DEVICES - expectedFailed, expectedFailed, 0), table);
        // the counters the last life reported equal the table
        assertEquals(
            "DONE " + DEVICES + " " + (DEVICES - expectedFailed) + " " + expectedFailed, done);
      }
      // no module is left mid-FOTA, and each runs the version its outcome says
      for (EmulatedModule m : fleet.modules()) {
        FirmwareState s = m.firmwareStatus().state();
        boolean bad = corrupt(serial(m.imei()));
        assertEquals(FirmwareState.IDLE, s, m.imei() + " (seed " + seed + ")");
        assertEquals(bad ? Seed.FROM_VERSION : Seed.TO_VERSION, m.revision(), m.imei().value());
      }
      String report =
          String.format(
              "PlatformKillTest seed %d: %d kills, %d devices, %d success, %d failed (fault plan),"
                  + " %.1f s",
              seed, KILLS, DEVICES, DEVICES - expectedFailed, expectedFailed, seconds);
      System.out.println(report);
      Files.writeString(dir.resolve("report.txt"), report);
    } finally {
      if (life.process.isAlive()) {
        life.process.destroyForcibly();
      }
    }
  }

  private static void countFinal(Map<String, Integer> finals, String row) {
    String[] f = row.split(" ");
    if (f[2].equals("SUCCESS") || f[2].equals("FAILED") || f[2].equals("STOPPED")) {
      finals.merge(f[1], 1, Integer::sum);
    }
  }

  private static int serial(Imei imei) {
    return Integer.parseInt(imei.value().substring(8, 14));
  }
}
