package io.dfota.samples.platformserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtResponse;
import io.dfota.at.HexPayload;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.Fleet;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.TaskStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformServerTest {
  private static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  @TempDir Path dir;

  @Test
  void servesTheExampleDirectoryAndUpgradesTheTaskDevices() throws Exception {
    List<String> imeis = ExampleDirectory.fleetImeis(2);
    ExampleDirectory.write(dir, imeis);
    CompletableFuture<TaskStatus> finished = new CompletableFuture<>();
    CampaignListener listener =
        new CampaignListener() {
          @Override
          public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
            if (status.finished()) {
              finished.complete(status);
            }
          }
        };
    try (PlatformServer platform = PlatformServer.start(dir, ANY_PORT, listener);
        Fleet fleet = Fleet.builder().count(2).server(platform.address()).build()) {
      assertTrue(platform.address().getAddress().isLoopbackAddress());
      assertEquals(1, platform.catalog().packages().size());
      fleet.start().get(20, TimeUnit.SECONDS);
      for (EmulatedModule m : fleet.modules()) {
        AtResponse<?> r =
            fleet
                .driver(m.imei().value())
                .orElseThrow()
                .sendUplink(HexPayload.fromHex("313233"))
                .get(20, TimeUnit.SECONDS);
        assertTrue(r.isOk(), r.describe());
      }

      assertEquals(TaskStatus.SUCCESS, finished.get(25, TimeUnit.SECONDS));
      TaskDetails details =
          platform.engine().details(platform.taskId().orElseThrow()).orElseThrow();
      assertEquals("task 5", details.name());
      assertEquals("BC35GJBR01A03_TO_BC35GJBR01A04.bin", details.firmwareName());
      assertEquals(imeis, details.devices().stream().map(DeviceRun::imei).sorted().toList());
      for (DeviceRun run : details.devices()) {
        assertEquals(DeviceStatus.SUCCESS, run.status(), run.toString());
      }
      for (EmulatedModule m : fleet.modules()) {
        assertEquals(ExampleDirectory.TO, m.revision());
      }
    }
  }

  @Test
  void restartOnTheSameDirectoryKeepsTheLoadedPackageAndTask() throws Exception {
    ExampleDirectory.write(dir, ExampleDirectory.fleetImeis(1));
    String first;
    try (PlatformServer platform = PlatformServer.start(dir, ANY_PORT, new CampaignListener() {})) {
      first = platform.taskId().orElseThrow();
    }
    try (PlatformServer platform = PlatformServer.start(dir, ANY_PORT, new CampaignListener() {})) {
      assertEquals(first, platform.taskId().orElseThrow());
      assertEquals(1, platform.catalog().packages().size());
      assertEquals(1, platform.engine().tasks().size());
    }
  }

  @Test
  void refusesAPackageWhoseKeyIsMissing() throws Exception {
    ExampleDirectory.write(dir, ExampleDirectory.fleetImeis(1));
    Files.delete(dir.resolve("keys").resolve("Quectel.pem"));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlatformServer.start(dir, ANY_PORT, new CampaignListener() {}));
    assertTrue(e.getMessage().contains("UNKNOWN_KEY"), e.getMessage());
  }
}
