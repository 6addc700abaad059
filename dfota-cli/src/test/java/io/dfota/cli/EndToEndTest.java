package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtResponse;
import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.HexPayload;
import io.dfota.at.LwEventType;
import io.dfota.at.ModuleDriver;
import io.dfota.at.ModuleEvent;
import io.dfota.at.Urc;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.GuardStatus;
import io.dfota.core.UpdateResult;
import io.dfota.core.VirtualScheduler;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Imei;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.RetryPolicy;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.TaskStatus;
import io.dfota.platform.UpgradeTask;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.TcpAtClient;
import io.dfota.transport.netty.TcpAtServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over real sockets (protocol-notes §1.2–1.4, §4.2): the MCU's {@link ModuleDriver} ↔ AT
 * over TCP (dfota-transport-netty) ↔ an emulated BC35-G ↔ CoAP on UDP loopback ↔ the platform's
 * campaign engine (H2 store). Each case ends with the task's per-device description. The MCU side
 * runs on a {@link VirtualScheduler}, so its 35-minute watchdog can be played in virtual time.
 */
class EndToEndTest {

  /** A safety net for waiting on real sockets, never an assertion about speed. */
  private static final long WAIT_SECONDS = 60;

  private static final AtomicInteger NEXT_SERIAL = new AtomicInteger(100);

  @TempDir static Path dir;

  private static EmbeddedPlatform platform;
  private static FirmwarePackage pkg;
  private static EventLoopGroup group;
  private static final Map<String, CompletableFuture<TaskStatus>> FINISHED =
      new ConcurrentHashMap<>();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startPlatform() {
    Seed.Prepared prepared = Seed.preparePackage(dir);
    platform =
        EmbeddedPlatform.start(
            dir.resolve("platform"),
            InetAddress.getLoopbackAddress(),
            0,
            new CampaignListener() {
              @Override
              public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
                if (status.finished()) {
                  finished(taskId).complete(status);
                }
              }
            });
    platform.catalog().importProfile(Seed.PROFILE).orThrow();
    platform.catalog().uploadKey(Seed.MANUFACTURER, prepared.publicPem()).orThrow();
    pkg =
        platform
            .catalog()
            .uploadPackage(
                new PackageUpload(
                    prepared.signedZip(),
                    Seed.TO_VERSION,
                    Seed.DEVICE_TYPE,
                    Seed.MANUFACTURER,
                    Seed.MODEL,
                    Seed.PROTOCOL))
            .orThrow();
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopPlatform() {
    platform.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterEach
  void closeRig() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void upgradesTheModuleAndEndsTheMcusProtectionOnOver() throws Exception {
    Rig rig = rig(FaultPlan.NONE);

    DeviceRun row = rig.runTask();

    assertEquals(DeviceStatus.SUCCESS, row.status());
    assertEquals(DeviceRun.SUCCESS_DESCRIPTION, row.description());
    rig.over.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(
        List.of(
            FirmwareIndication.DOWNLOADING,
            FirmwareIndication.DOWNLOADED,
            FirmwareIndication.UPDATING,
            FirmwareIndication.UPDATE_SUCCESS,
            FirmwareIndication.UPDATE_OVER),
        rig.firmwareUrcs());
    assertTrue(rig.fotaReboots() >= 1, "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE during the update");
    assertFalse(rig.driver.guard().isProtected());
    assertEquals(Seed.TO_VERSION, rig.module.revision());
  }

  @Test
  void reportsADownloadFailureAtBlockThree() throws Exception {
    Rig rig = rig(FaultPlan.builder().failDownloadAtBlock(3).build());

    DeviceRun row = rig.runTask();

    assertEquals(DeviceStatus.FAILED, row.status());
    // docs/emulator.md: a download broken at block k leaves result 2
    assertEquals(
        "Download failed: update result "
            + UpdateResult.NOT_ENOUGH_FLASH.code()
            + " ("
            + UpdateResult.NOT_ENOUGH_FLASH.description()
            + ")",
        row.description());
    rig.over.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(
        List.of(
            FirmwareIndication.DOWNLOADING,
            FirmwareIndication.DOWNLOAD_FAILED,
            FirmwareIndication.UPDATE_OVER),
        rig.firmwareUrcs());
    assertEquals(Seed.FROM_VERSION, rig.module.revision());
  }

  @Test
  void reportsAnIntegrityFailureForACorruptPackage() throws Exception {
    Rig rig = rig(FaultPlan.builder().corruptPackage().build());

    DeviceRun row = rig.runTask();

    assertEquals(DeviceStatus.FAILED, row.status());
    assertEquals(
        "Download failed: update result "
            + UpdateResult.INTEGRITY_FAILURE.code()
            + " ("
            + UpdateResult.INTEGRITY_FAILURE.description()
            + ")",
        row.description());
    rig.over.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(
        List.of(
            FirmwareIndication.DOWNLOADING,
            FirmwareIndication.DOWNLOAD_FAILED,
            FirmwareIndication.UPDATE_OVER),
        rig.firmwareUrcs());
    assertEquals(Seed.FROM_VERSION, rig.module.revision());
  }

  @Test
  void reportsAnUpdateFailureWithTheModuleBackInDownloaded() throws Exception {
    Rig rig = rig(FaultPlan.builder().failUpdate().build());

    DeviceRun row = rig.runTask();

    assertEquals(DeviceStatus.FAILED, row.status());
    assertEquals(
        "Update failed: the module went back to DOWNLOADED, update result "
            + UpdateResult.UPDATE_FAILED.code()
            + " ("
            + UpdateResult.UPDATE_FAILED.description()
            + ")",
        row.description());
    rig.over.get(WAIT_SECONDS, TimeUnit.SECONDS);
    List<FirmwareIndication> urcs = rig.firmwareUrcs();
    assertEquals(FirmwareIndication.DOWNLOADING, urcs.get(0), urcs::toString);
    assertEquals(
        List.of(FirmwareIndication.UPDATE_FAILED, FirmwareIndication.UPDATE_OVER),
        urcs.subList(urcs.size() - 2, urcs.size()));
    assertEquals(Seed.FROM_VERSION, rig.module.revision());
  }

  @Test
  void endsProtectionAfterThirtyFiveVirtualMinutesWhenOverNeverComes() throws Exception {
    Rig rig = rig(FaultPlan.builder().suppressOver().build());

    DeviceRun row = rig.runTask();

    assertEquals(DeviceStatus.SUCCESS, row.status());
    assertEquals(DeviceRun.SUCCESS_DESCRIPTION, row.description());
    rig.success.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertFalse(rig.firmwareUrcs().contains(FirmwareIndication.UPDATE_OVER));
    GuardStatus status = rig.driver.guard().status();
    assertTrue(status.isProtected(), status::toString);
    assertEquals(GuardStatus.Phase.WATCHDOG, status.phase());
    AtResponse<?> refused = rig.driver.sendUplink(HexPayload.of(Seed.UPLINK)).join();
    assertInstanceOf(AtResponse.Refused.class, refused, "no data commands while protected");

    Duration elapsed = Duration.between(status.protectedSince(), rig.mcuClock.now());
    rig.mcuClock.advance(Duration.ofMinutes(35).minus(elapsed).minusSeconds(1));
    assertTrue(rig.driver.guard().isProtected(), "still protected at 34:59");
    rig.mcuClock.advance(Duration.ofSeconds(1));

    GuardStatus after = rig.driver.guard().status();
    assertFalse(after.isProtected(), after::toString);
    assertEquals(
        0,
        after.restartsRequested(),
        "after UPDATE SUCCESS the watchdog does not restart (Table 2)");
    AtResponse<?> sent =
        rig.driver.sendUplink(HexPayload.of(Seed.UPLINK)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertTrue(sent.isOk(), sent::describe);
  }

  private Rig rig(FaultPlan faults) throws Exception {
    Rig rig = new Rig(faults);
    toClose.add(rig);
    rig.start();
    return rig;
  }

  private static CompletableFuture<TaskStatus> finished(String taskId) {
    return FINISHED.computeIfAbsent(taskId, k -> new CompletableFuture<>());
  }

  /** One emulated module with its AT side on TCP and an MCU driver connected to it. */
  private static final class Rig implements AutoCloseable {
    final VirtualScheduler mcuClock = new VirtualScheduler();
    final Imei imei = Imei.of(Imei.SEED_TAC, NEXT_SERIAL.getAndIncrement());
    final EmulatedModule module;
    final List<ModuleEvent> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> over = new CompletableFuture<>();
    final CompletableFuture<Void> success = new CompletableFuture<>();
    final CompletableFuture<Void> attached = new CompletableFuture<>();
    final CompletableFuture<Void> booted = new CompletableFuture<>();
    final CompletableFuture<Void> dataObserved = new CompletableFuture<>();
    AtServer atServer;
    AtTransport link;
    AtSession session;
    ModuleDriver driver;

    Rig(FaultPlan faults) {
      module =
          EmulatedModule.builder()
              .imei(imei)
              .server(platform.address())
              .revision(Seed.FROM_VERSION)
              .faults(faults)
              .build();
    }

    void start() throws Exception {
      atServer =
          TcpAtServer.builder()
              .eventLoopGroup(group)
              .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .maxConnections(1)
              .onAccept(
                  c -> {
                    module.attach(c);
                    attached.complete(null);
                  })
              .bind()
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      link =
          TcpAtClient.builder()
              .eventLoopGroup(group)
              .remote("127.0.0.1", atServer.localAddress().getPort())
              .noReconnect()
              .build();
      session = AtSession.builder().transport(link).scheduler(mcuClock).build();
      driver =
          ModuleDriver.builder()
              .session(session)
              .scheduler(mcuClock)
              .listener(this::onEvent)
              .build();
      attached.get(WAIT_SECONDS, TimeUnit.SECONDS);
      module.start().get(WAIT_SECONDS, TimeUnit.SECONDS);
      // the boot banner (REBOOT_CAUSE_SECURITY_RESET_PIN, Neul, OK) ends any command in flight
      booted.get(WAIT_SECONDS, TimeUnit.SECONDS);
      AtResponse<?> init = driver.initialise().get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(init.isOk(), init::describe);
    }

    private void onEvent(ModuleEvent e) {
      events.add(e);
      if (e instanceof ModuleEvent.Restarted) {
        booted.complete(null);
      }
      if (e instanceof ModuleEvent.LwM2mEvent l && l.urc().is(LwEventType.DATA_OBSERVED)) {
        dataObserved.complete(null);
      }
      if (e instanceof ModuleEvent.Firmware f) {
        if (f.urc().indication() == FirmwareIndication.UPDATE_OVER) {
          over.complete(null);
        } else if (f.urc().indication() == FirmwareIndication.UPDATE_SUCCESS) {
          success.complete(null);
        }
      }
    }

    /** Creates a one-device task (no retry), sends the seed's uplink, waits for the task. */
    DeviceRun runTask() throws Exception {
      Device device =
          new Device(
              UUID.nameUUIDFromBytes(imei.value().getBytes(StandardCharsets.US_ASCII)),
              imei.value());
      UpgradeTask task =
          platform
              .engine()
              .createTask(
                  TaskRequest.builder()
                      .name("e2e " + imei)
                      .packageId(pkg.id())
                      .devices(List.of(device))
                      .retry(RetryPolicy.none())
                      .execute(ExecutePolicy.deviceOnline())
                      .build())
              .orThrow();
      CompletableFuture<TaskStatus> done = finished(task.id());
      // +QLWEVTIND:3: the platform observes /19/0/0, data may flow (protocol-notes §0 item 4)
      dataObserved.get(WAIT_SECONDS, TimeUnit.SECONDS);
      AtResponse<?> uplink =
          driver.sendUplink(HexPayload.of(Seed.UPLINK)).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(uplink.isOk(), uplink::describe);
      done.get(WAIT_SECONDS, TimeUnit.SECONDS);
      TaskDetails details = platform.engine().details(task.id()).orElseThrow();
      assertEquals(1, details.devices().size());
      return details.devices().get(0);
    }

    List<FirmwareIndication> firmwareUrcs() {
      return events.stream()
          .filter(e -> e instanceof ModuleEvent.Firmware)
          .map(e -> ((ModuleEvent.Firmware) e).urc().indication())
          .collect(Collectors.toList());
    }

    long fotaReboots() {
      return events.stream()
          .filter(e -> e instanceof ModuleEvent.Restarted)
          .filter(
              e ->
                  ((ModuleEvent.Restarted) e).cause().equals(Urc.RebootCause.SECURITY_FOTA_UPGRADE))
          .count();
    }

    @Override
    public void close() {
      if (driver != null) {
        driver.close();
      }
      if (session != null) {
        session.close();
      }
      module.stop();
      if (atServer != null) {
        atServer.close();
      }
    }
  }
}
