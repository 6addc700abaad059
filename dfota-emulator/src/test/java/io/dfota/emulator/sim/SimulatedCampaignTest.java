package io.dfota.emulator.sim;

import static io.dfota.emulator.sim.DeviceSimulatorTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.UpdateResult;
import io.dfota.emulator.Imei;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.platform.CoveragePolicy;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.UpgradeTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated devices upgraded by the real platform role: catalogue, {@code CampaignEngine} and
 * {@code Lwm2mServer} on loopback, one batch task over a group (protocol-notes §4.2–4.5).
 */
class SimulatedCampaignTest {
  private static final String A03 = DeviceSimulatorTest.A03;
  private static final String A04 = DeviceSimulatorTest.A04;
  private static final Duration TASK_WAIT = Duration.ofMinutes(2);

  @TempDir Path dir;
  private SimPlatform platform;
  private DeviceSimulator sim;
  private final Map<String, UpdateResult> outcomes = new ConcurrentHashMap<>();

  @BeforeEach
  void startPlatform() throws Exception {
    platform =
        new SimPlatform(
            dir,
            Lwm2mServer.builder()
                .coapTiming(Duration.ofSeconds(1), 4)
                .operationTimeout(Duration.ofSeconds(30)));
  }

  @AfterEach
  void stopAll() {
    if (sim != null) {
      sim.close();
    }
    platform.close();
  }

  private DeviceSimulator.Builder sim(int n) {
    return DeviceSimulator.builder()
        .server(platform.server.localAddress())
        .devices(n)
        .firmwareVersion(A03)
        .coapTiming(Duration.ofSeconds(1), 4)
        .listener(
            new DeviceSimulator.Listener() {
              @Override
              public void onOutcome(Imei imei, UpdateResult result, String version) {
                outcomes.put(imei.value(), result);
              }
            });
  }

  @Test
  void upgradesFiftySimulatedDevicesInOneTask() throws Exception {
    sim = sim(50).radio(i -> new io.dfota.core.RadioReport(0x100L + i % 5, -90, 10)).build();
    await(sim.start());
    FirmwarePackage pkg = platform.upload(SimPlatform.delta(A03, A04, 6 * 1024).encode(), A03, A04);
    UpgradeTask task = platform.task(sim.imeis(), pkg, CoveragePolicy.defaults());
    TaskDetails d = platform.await(task, TASK_WAIT);

    assertEquals(50, d.counters().total());
    assertEquals(50, d.counters().success(), () -> failures(d));
    for (SimulatedDevice dev : await(sim.snapshot())) {
      assertEquals(A04, dev.firmwareVersion(), dev::toString);
      assertEquals(UpdateResult.SUCCESS, dev.result());
      assertEquals(UpdateResult.SUCCESS, outcomes.get(dev.imei().value()));
      assertTrue(dev.registered());
    }
    SimCounters c = sim.counters();
    assertEquals(50, c.updated());
    assertEquals(0, c.failed());
    assertEquals(50 * pkg.size(), c.bytes());
  }

  @Test
  void reportsIntegrityAndFlashFailuresInTheTaskDetails() throws Exception {
    // devices 0 and 1 have too little flash for the package: result 2
    sim = sim(6).flashBytes(i -> i < 2 ? 1024 : 1 << 20).build();
    await(sim.start());
    byte[] bin = SimPlatform.delta(A03, A04, 4 * 1024).encode();
    bin[bin.length - 10] ^= 0x40; // signed as it is, but its QDFE digest no longer matches
    FirmwarePackage pkg = platform.upload(bin, A03, A04);
    UpgradeTask task = platform.task(sim.imeis(), pkg, CoveragePolicy.defaults());
    TaskDetails d = platform.await(task, TASK_WAIT);

    assertEquals(6, d.counters().failed(), () -> failures(d));
    for (DeviceRun run : d.devices()) {
      int index = sim.imeis().indexOf(new Imei(run.imei()));
      UpdateResult want =
          index < 2 ? UpdateResult.NOT_ENOUGH_FLASH : UpdateResult.INTEGRITY_FAILURE;
      assertEquals(DeviceStatus.FAILED, run.status());
      assertTrue(run.description().contains("update result " + want.code()), run::description);
      assertEquals(want, outcomes.get(run.imei()));
      assertEquals(A03, sim.device(run.imei()).orElseThrow().firmwareVersion());
    }
    assertEquals(6, sim.counters().failed());
  }

  private static String failures(TaskDetails d) {
    StringBuilder sb = new StringBuilder();
    for (DeviceRun r : d.devices()) {
      if (r.status() != DeviceStatus.SUCCESS) {
        sb.append(r.imei()).append(' ').append(r.status()).append(' ').append(r.description());
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
