package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import io.dfota.core.GuardStatus;
import io.dfota.core.VirtualScheduler;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.Fleet;
import io.dfota.emulator.Imei;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.UpgradeTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PSM (protocol-notes §6 P6): the platform is stopped and started again on the same store and port
 * while its modules sleep, silent, with a task waiting for them. When they wake (the registration
 * update at 80 % of the lifetime, on the modules' virtual clock) the restarted platform answers
 * 4.04, they register again, and their tasks go on to success.
 */
class PsmRestartTest {

  private static final int DEVICES = 5;
  private static final Duration LIFETIME = Duration.ofHours(1);

  @TempDir Path dir;

  private final VirtualScheduler clock = new VirtualScheduler();
  private CampaignRig rig;
  private Fleet fleet;

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.stop();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void aPlatformRestartedWhileItsModulesSleepUpgradesThemWhenTheyWake() throws Exception {
    Seed.Prepared prepared = Seed.preparePackage(dir.resolve("build"), 4000);
    int port = PlatformKillTest.freeUdpPort(new java.util.Random());
    Path data = dir.resolve("platform");
    rig = new CampaignRig(data, port, prepared);
    fleet =
        Fleet.builder()
            .count(DEVICES)
            .imeiBase(Imei.SEED_TAC, 700)
            .server(rig.platform.address())
            .revision(Seed.FROM_VERSION)
            .scheduler(clock)
            .customize(
                (imei, b) ->
                    b.lifetime(LIFETIME)
                        .coapTiming(Duration.ofMillis(500), 2)
                        .requestTimeout(Duration.ofSeconds(5)))
            .build();
    fleet.start().get(30, TimeUnit.SECONDS);
    List<String> imeis = new ArrayList<>();
    fleet.modules().forEach(m -> imeis.add(m.imei().value()));
    // a PSM fleet: the task starts a device only when it is seen online again
    UpgradeTask task =
        rig.task(imeis, RetryPolicy.custom(1, Duration.ZERO), ExecutePolicy.deviceOnline());
    assertEquals(
        new TaskCounters(DEVICES, DEVICES, 0, 0, 0, 0),
        rig.platform.engine().details(task.id()).orElseThrow().counters());

    // the modules sleep (no traffic); the platform stops and starts on the same store and port
    rig.close();
    rig = new CampaignRig(data, port);
    TaskDetails resumed = rig.platform.engine().details(task.id()).orElseThrow();
    assertEquals(new TaskCounters(DEVICES, DEVICES, 0, 0, 0, 0), resumed.counters());
    assertTrue(rig.platform.server().registry().get(imeis.get(0)).isEmpty());

    // they wake for their registration update: 4.04 from the new platform, then a registration
    clock.advance(LIFETIME.multipliedBy(8).dividedBy(10));
    TaskCounters done = rig.finished.get(60, TimeUnit.SECONDS);
    assertEquals(new TaskCounters(DEVICES, 0, 0, DEVICES, 0, 0), done);
    for (DeviceRun r : rig.platform.engine().details(task.id()).orElseThrow().devices()) {
      assertEquals(DeviceStatus.SUCCESS, r.status(), r.toString());
      assertEquals(DeviceRun.SUCCESS_DESCRIPTION, r.description());
      assertEquals(1, r.attempts(), r.toString());
    }
    for (EmulatedModule m : fleet.modules()) {
      assertEquals(Seed.TO_VERSION, m.revision());
      assertEquals(FirmwareState.IDLE, m.firmwareStatus().state());
      GuardStatus guard =
          PowerLossCampaignTest.awaitNormal(fleet.driver(m.imei().value()).orElseThrow());
      assertEquals(0, guard.restartsRequested(), guard.toString());
    }
  }
}
