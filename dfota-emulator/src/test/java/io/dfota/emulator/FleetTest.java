package io.dfota.emulator;

import static io.dfota.emulator.Platform.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtResponse;
import io.dfota.at.HexPayload;
import io.dfota.at.ModuleDriver;
import io.dfota.core.FirmwareState;
import io.dfota.core.PackageContent;
import io.dfota.core.UpdateResult;
import io.dfota.core.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A small fleet of emulated modules with MCU drivers, upgraded by a real platform on loopback. */
class FleetTest {
  private static final String A03 = "BC35GJBR01A03";
  private static final String A04 = "BC35GJBR01A04";

  private Platform platform;
  private Fleet fleet;
  private final Map<String, List<String>> lines = new ConcurrentHashMap<>();

  @BeforeEach
  void startPlatform() {
    platform = new Platform();
  }

  @AfterEach
  void stopAll() {
    if (fleet != null) {
      fleet.stop();
    }
    platform.close();
  }

  private Fleet.Builder fleet(int count) {
    return Fleet.builder()
        .count(count)
        .server(platform.server.localAddress())
        .customize(
            (imei, b) ->
                b.coapTiming(Duration.ofMillis(200), 2).requestTimeout(Duration.ofSeconds(5)));
  }

  private void record() {
    for (EmulatedModule m : fleet.modules()) {
      m.addListener(
          (imei, line) ->
              lines.computeIfAbsent(imei.value(), k -> new CopyOnWriteArrayList<>()).add(line));
    }
  }

  @Test
  void upgradesAFleetOfFiveModulesWithTheirMcuDrivers() throws Exception {
    upgrade(fleet(5).build());
  }

  @Test
  void upgradesModulesWhoseDriversTalkAtOverTcp() throws Exception {
    upgrade(fleet(3).atLink(Fleet.AtLink.TCP).build());
  }

  private void upgrade(Fleet built) throws Exception {
    fleet = built;
    int n = fleet.size();
    record();
    await(fleet.start());
    assertEquals("867725030008282", fleet.modules().get(0).imei().value());

    PackageContent pkg = Platform.content("a04", Platform.delta(A03, A04, 4000));
    List<Platform.States> states = new ArrayList<>();
    for (EmulatedModule m : fleet.modules()) {
      ModuleDriver d = fleet.driver(m.imei().value()).orElseThrow();
      AtResponse<?> r = await(d.sendUplink(HexPayload.of(new byte[] {0x31, 0x32, 0x33})));
      assertTrue(r.isOk(), r::describe);
      platform.awaitUplink(m.imei());
      states.add(platform.startFota(m.imei(), pkg));
    }
    for (int i = 0; i < n; i++) {
      states.get(i).awaitState(FirmwareState.DOWNLOADED);
      await(platform.target(fleet.modules().get(i).imei()).executeUpdate());
    }
    for (int i = 0; i < n; i++) {
      Imei imei = fleet.modules().get(i).imei();
      states.get(i).awaitState(FirmwareState.IDLE);
      awaitLine(imei, "+QLWEVTIND:3", 2);
      assertEquals(UpdateResult.SUCCESS, platform.finish(imei));
    }
    for (EmulatedModule m : fleet.modules()) {
      awaitLine(m.imei(), "FIRMWARE UPDATE OVER", 1);
      assertEquals(A04, m.revision());
      platform.assertVersion(m.imei(), A04);
      // the driver's guard leaves protection when OVER reaches it (over TCP, a little after the
      // module printed it): then data flows again
      ModuleDriver d = fleet.driver(m.imei().value()).orElseThrow();
      awaitGuard(d, false);
      AtResponse<?> r =
          await(
              fleet
                  .driver(m.imei().value())
                  .orElseThrow()
                  .sendUplink(HexPayload.of(new byte[] {1})));
      assertTrue(r.isOk(), r::describe);
    }
  }

  @Test
  void attachesDriversOverTcpLoopback() throws Exception {
    fleet = fleet(2).atLink(Fleet.AtLink.TCP).build();
    await(fleet.start());
    for (EmulatedModule m : fleet.modules()) {
      assertTrue(fleet.atAddress(m.imei().value()).orElseThrow().getAddress().isLoopbackAddress());
      ModuleDriver d = fleet.driver(m.imei().value()).orElseThrow();
      AtResponse<String> imei = await(d.readImei());
      assertEquals(
          m.imei().value(), imei.okValue().orElseThrow(() -> new AssertionError(imei.describe())));
      assertEquals(A03, await(d.readRevision()).okValue().orElseThrow().version());
    }
  }

  @Test
  void givesEachConnectionOnASharedPortTheNextModule() throws Exception {
    fleet = fleet(3).atLink(Fleet.AtLink.TCP_SHARED_PORT).build();
    await(fleet.start());
    java.net.InetSocketAddress port =
        fleet.atAddress(fleet.modules().get(0).imei().value()).orElseThrow();
    for (EmulatedModule m : fleet.modules()) {
      assertEquals(port, fleet.atAddress(m.imei().value()).orElseThrow());
      AtResponse<String> imei = await(fleet.driver(m.imei().value()).orElseThrow().readImei());
      assertEquals(
          m.imei().value(), imei.okValue().orElseThrow(() -> new AssertionError(imei.describe())));
    }
  }

  @Test
  void mcuRestartsAModuleStuckWithoutOverAfterThirtyFiveMinutes() throws Exception {
    VirtualScheduler clock = new VirtualScheduler();
    fleet = fleet(1).scheduler(clock).build();
    record();
    await(fleet.start());
    EmulatedModule m = fleet.modules().get(0);
    ModuleDriver d = fleet.driver(m.imei().value()).orElseThrow();
    Platform.States states =
        platform.startFota(m.imei(), Platform.content("a04", Platform.delta(A03, A04, 2000)));
    states.awaitState(FirmwareState.DOWNLOADED);
    awaitLine(m.imei(), "FIRMWARE DOWNLOADED", 1);
    awaitGuard(d, true);
    // the platform never executes the update and never cancels: no OVER
    AtResponse<?> refused = await(d.sendUplink(HexPayload.of(new byte[] {1})));
    assertTrue(refused instanceof AtResponse.Refused, refused::describe);
    clock.advance(Duration.ofMinutes(35));
    awaitLine(m.imei(), "REBOOT_CAUSE_APPLICATION_AT", 1);
    awaitLine(m.imei(), "+QLWEVTIND:3", 2);
    assertEquals(FirmwareState.DOWNLOADED, m.firmwareStatus().state());
    // the recovery window: still protected until OVER or another 35 minutes
    assertTrue(d.guard().status().isProtected());
    clock.advance(Duration.ofMinutes(35));
    awaitGuard(d, false);
  }

  private static void awaitGuard(ModuleDriver d, boolean protectedNow) {
    long deadline = System.nanoTime() + Platform.WAIT.toNanos();
    while (d.guard().status().isProtected() != protectedNow) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("guard: " + d.guard().status());
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private void awaitLine(Imei imei, String line, int times) throws InterruptedException {
    long deadline = System.nanoTime() + Platform.WAIT.toNanos();
    while (count(imei, line) < times) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(imei + " did not print " + line + ": " + lines.get(imei.value()));
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private long count(Imei imei, String line) {
    return lines.getOrDefault(imei.value(), List.of()).stream().filter(line::equals).count();
  }
}
