package io.dfota.lwm2m;

import static io.dfota.lwm2m.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaOperationException;
import io.dfota.core.FotaTarget;
import io.dfota.core.RadioReport;
import io.dfota.core.UpdateResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-device FOTA flow of protocol-notes §4.2, device role against platform role on UDP. */
class FotaFlowTest {
  private static final String EP = "867725030008282";

  private Lwm2mServer server;
  private Lwm2mClient client;
  private final Loopback.Events events = new Loopback.Events();
  private final PackageStore store = PackageStore.inMemory(1 << 20);

  @BeforeEach
  void startServer() {
    server = Loopback.server().build();
    server.start();
  }

  @AfterEach
  void stopAll() {
    if (client != null) {
      client.stop();
    }
    server.stop();
  }

  private FotaTarget start(Lwm2mClient.Builder b) {
    client = b.packageStore(store).listener(events).build();
    await(client.start());
    events.awaitEvent("uplinkObserved");
    return server.fleet().target(EP).orElseThrow();
  }

  private Lwm2mClient.Builder device() {
    return Loopback.client(server, EP)
        .firmwareVersion("BC35GJBR01A03")
        .radio(() -> new RadioReport(0x5A3CL, -97, 4));
  }

  @Test
  void successfulUpdateEndsIdleWithResultOneAndTheNewVersion() throws Exception {
    FotaTarget target =
        start(device().updater((uri, s) -> new UpdateOutcome.Success("BC35GJBR01A04", true)));
    TestPackage pkg = TestPackage.random("pkg-a04", 5000, 1);

    assertEquals("BC35GJBR01A03", await(target.readFirmwareVersion()));
    assertEquals(new RadioReport(0x5A3CL, -97, 4), await(target.readRadio()));
    Loopback.States states = new Loopback.States();
    assertEquals(FirmwareState.IDLE, await(target.observeState(states::accept)));
    events.awaitEvent("fotaObserved");

    String uri = server.fleet().publish(pkg);
    assertTrue(uri.length() <= 255, uri);
    assertEquals(uri, server.fleet().publish(pkg));
    server.fleet().allowDownload(EP, pkg.id());
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);
    assertArrayEquals(pkg.bytes, Loopback.contents(store));

    await(target.executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    events.awaitEvent("rebooted");
    events.awaitEvent("uplinkObserved");
    assertEquals(UpdateResult.SUCCESS, await(target.readUpdateResult()));
    assertEquals("BC35GJBR01A04", await(target.readFirmwareVersion()));
    await(target.cancelObservation());
    events.awaitEvent("fotaCancelled");

    assertEquals(
        List.of("T1:DOWNLOADING", "T2:DOWNLOADED", "T4:UPDATING", "T5:IDLE"),
        events.all.stream().filter(e -> e.startsWith("T")).toList());
    // re-registered after the FOTA reboot, and the platform observed /19/0/0 again
    int reboot = events.all.indexOf("rebooted");
    assertTrue(reboot > 0, events.all::toString);
    List<String> after = events.all.subList(reboot, events.all.size());
    assertTrue(after.contains("registered"), events.all::toString);
    assertTrue(after.contains("uplinkObserved"), events.all::toString);
    assertFalse(events.all.contains("uplinkCancelled"), events.all::toString);
  }

  @Test
  void downloadRefusedByThePackageServerEndsIdleWithAFailureResult() {
    FotaTarget target = start(device());
    TestPackage pkg = TestPackage.random("pkg-denied", 3000, 2);
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    String uri = server.fleet().publish(pkg); // published, but this device has no task
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADING);
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.UPDATE_FAILED, await(target.readUpdateResult()));
    assertEquals(FirmwareState.IDLE, client.firmwareStatus().state());
  }

  @Test
  void unknownPackagePathEndsIdleWithInvalidUri() {
    FotaTarget target = start(device());
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    String base = server.fleet().publish(TestPackage.random("x", 10, 3));
    await(target.writePackageUri(base.substring(0, base.lastIndexOf('/')) + "/nope"));
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.INVALID_URI, await(target.readUpdateResult()));
  }

  @Test
  void integrityFailureEndsIdleWithResultFive() {
    FotaTarget target = start(device().integrityCheck((uri, s) -> false));
    TestPackage pkg = TestPackage.random("pkg-bad", 2000, 4);
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(EP, pkg.id());
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.INTEGRITY_FAILURE, await(target.readUpdateResult()));
    assertFalse(states.seen.contains(FirmwareState.DOWNLOADED));
  }

  @Test
  void failedUpdateEndsDownloadedWithResultEightAfterTheReboot() {
    FotaTarget target =
        start(
            device()
                .updater(
                    (uri, s) -> new UpdateOutcome.Failure(UpdateResult.UPDATE_FAILED, true, true)));
    TestPackage pkg = TestPackage.random("pkg-fail", 1500, 5);
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(EP, pkg.id());
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);
    await(target.executeUpdate());
    states.awaitState(FirmwareState.UPDATING);
    states.awaitState(FirmwareState.DOWNLOADED);
    assertEquals(UpdateResult.UPDATE_FAILED, await(target.readUpdateResult()));
    assertEquals("BC35GJBR01A03", await(target.readFirmwareVersion()));
    assertTrue(events.all.contains("T6:DOWNLOADED"), events.all::toString);
  }

  @Test
  void rebootKeepsADownloadedPackageAndTheObservationAndTheUpdateThenSucceeds() {
    FotaTarget target =
        start(device().updater((uri, s) -> new UpdateOutcome.Success("BC35GJBR01A04", false)));
    TestPackage pkg = TestPackage.random("pkg-t11", 700, 8);
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(EP, pkg.id());
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);

    await(client.reboot());
    events.awaitEvent("T11:DOWNLOADED");
    states.awaitState(FirmwareState.DOWNLOADED); // notified on the pre-reboot observation (P9)
    assertEquals(UpdateResult.INITIAL, client.firmwareStatus().result());

    await(target.executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    assertEquals(UpdateResult.SUCCESS, await(target.readUpdateResult()));
    await(client.reboot());
    events.awaitEvent("T11:IDLE");
    assertEquals(UpdateResult.SUCCESS, client.firmwareStatus().result());
    assertEquals("BC35GJBR01A04", client.firmwareVersion());
  }

  @Test
  void rebootDuringDownloadEndsIdleAndForgetsTheResumeRecord() throws Exception {
    FotaTarget target = start(device().blockSize(64));
    TestPackage pkg = TestPackage.random("pkg-cut", 64 * 8, 9);
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(EP, pkg.id());
    CompletableFuture<Void> rebooted = new CompletableFuture<>();
    pkg.onRead =
        offset -> {
          if (offset == 64 * 3 && !rebooted.isDone()) {
            client.reboot().whenComplete((v, e) -> rebooted.complete(null));
          }
        };
    await(target.writePackageUri(uri));
    await(rebooted);
    events.awaitEvent("T11:IDLE");
    pkg.reads.clear();
    pkg.onRead = o -> {};
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);
    assertEquals(0L, pkg.reads.get(0));
    assertArrayEquals(pkg.bytes, Loopback.contents(store));
  }

  @Test
  void executeBeforeDownloadIsRejected() {
    FotaTarget target = start(device());
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> target.executeUpdate().get(20, TimeUnit.SECONDS));
    FotaOperationException f = assertInstanceOf(FotaOperationException.class, e.getCause());
    assertEquals(FotaOperationException.Failure.REJECTED, f.failure());
  }

  @Test
  void interruptedDownloadResumesFromTheNextBlockWhenTheSameUriIsWrittenAgain() throws Exception {
    FotaTarget target = start(device().blockSize(256));
    TestPackage pkg = TestPackage.random("pkg-resume", 256 * 10 + 17, 6);
    Loopback.States states = new Loopback.States();
    await(target.observeState(states::accept));
    String uri = server.fleet().publish(pkg);
    server.fleet().allowDownload(EP, pkg.id());
    AtomicBoolean revoked = new AtomicBoolean();
    pkg.onRead =
        offset -> {
          if (offset >= 256 * 4 && revoked.compareAndSet(false, true)) {
            server.fleet().revokeDownload(EP, pkg.id());
          }
        };
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.IDLE);
    long stored = store.size();
    assertEquals(256 * 5, stored);

    pkg.reads.clear();
    pkg.onRead = o -> {};
    server.fleet().allowDownload(EP, pkg.id());
    await(target.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);
    assertEquals(stored, pkg.reads.get(0));
    assertArrayEquals(pkg.bytes, Loopback.contents(store));
  }

  @Test
  void silentDeviceMakesOperationsFailWithTimeout() throws Exception {
    try (SilentDevice silent = new SilentDevice(server.localAddress(), "860000000000001")) {
      CompletableFuture<Void> registered = new CompletableFuture<>();
      server
          .registry()
          .addListener(
              new DeviceRegistry.Listener() {
                @Override
                public void onRegistered(Registration r) {
                  registered.complete(null);
                }
              });
      silent.register();
      await(registered);
      FotaTarget target = server.fleet().target("860000000000001").orElseThrow();
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () -> target.readFirmwareVersion().get(20, TimeUnit.SECONDS));
      FotaOperationException f = assertInstanceOf(FotaOperationException.class, e.getCause());
      assertEquals(FotaOperationException.Failure.TIMEOUT, f.failure());
    }
  }

  @Test
  void unregisteredDeviceHasNoTarget() {
    assertTrue(server.fleet().target("nobody").isEmpty());
  }
}
