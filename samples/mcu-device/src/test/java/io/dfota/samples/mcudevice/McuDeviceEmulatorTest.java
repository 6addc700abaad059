package io.dfota.samples.mcudevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.HexPayload;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.Scheduler;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.Imei;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.Device;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.PackageUpload;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.TaskStatus;
import io.dfota.signing.PackageSigner;
import io.dfota.signing.Packager;
import io.dfota.signing.PemKeys;
import io.dfota.signing.SignatureAlgorithm;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.TcpAtClient;
import io.dfota.transport.netty.TcpAtServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both MCU styles against a dfota-emulator module whose AT side is served over loopback TCP
 * (dfota-transport-netty's TcpAtServer), upgraded by an embedded platform (dfota-platform over the
 * dfota-lwm2m server on UDP loopback) once the MCU's uplink shows the device online.
 */
class McuDeviceEmulatorTest {
  private static final String A03 = "BC35GJBR01A03";
  private static final String A04 = "BC35GJBR01A04";
  private static final Imei IMEI = Imei.of(Imei.SEED_TAC, 828);
  private static final List<FirmwareIndication> SEED_SUCCESS =
      List.of(
          FirmwareIndication.DOWNLOADING,
          FirmwareIndication.DOWNLOADED,
          FirmwareIndication.UPDATING,
          FirmwareIndication.UPDATE_SUCCESS,
          FirmwareIndication.UPDATE_OVER);

  @TempDir Path dir;
  private EventLoopGroup group;
  private ScheduledExecutorService timers;
  private Scheduler scheduler;
  private String packageId = "";

  @BeforeEach
  void setUp() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    timers = Executors.newSingleThreadScheduledExecutor();
    scheduler = Scheduler.of(timers);
  }

  @AfterEach
  void tearDown() throws Exception {
    timers.shutdownNow();
    assertTrue(timers.awaitTermination(10, TimeUnit.SECONDS));
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "dual"})
  void mcuStyleRunsTheSeedDfotaAgainstAnEmulatedModuleOverTcp(String style) throws Exception {
    CompletableFuture<TaskStatus> finished = new CompletableFuture<>();
    try (CampaignStore store = CampaignStore.inMemory();
        Lwm2mServer server = Lwm2mServer.builder().scheduler(scheduler).build()) {
      server.start();
      CampaignEngine engine = platform(store, server, finished);
      try (EmulatedModule module =
              EmulatedModule.builder()
                  .imei(IMEI)
                  .revision(A03)
                  .server(server.localAddress())
                  .rrcInactivity(Duration.ofMillis(200))
                  .build();
          AtServer at =
              TcpAtServer.builder()
                  .eventLoopGroup(group)
                  .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                  .onAccept(module::attach)
                  .bind()
                  .get(10, TimeUnit.SECONDS)) {
        module.start().get(20, TimeUnit.SECONDS);
        createTask(engine);
        AtTransport link =
            TcpAtClient.builder()
                .eventLoopGroup(group)
                .remote("127.0.0.1", at.localAddress().getPort())
                .build();
        try (AtSession session = McuDevice.connect(link, scheduler).get(10, TimeUnit.SECONDS)) {
          Duration poll = Duration.ofMillis(100);
          HexPayload uplink = HexPayload.fromHex("313233");
          Outcome outcome =
              (style.equals("single")
                      ? new SingleMcu(session, scheduler, poll).run(uplink, Duration.ofSeconds(25))
                      : new DualMcu(session, scheduler, Duration.ofMinutes(2), poll)
                          .run(uplink, Duration.ofSeconds(25)))
                  .get(30, TimeUnit.SECONDS);

          assertTrue(outcome.dfotaRan(), outcome.toString());
          assertEquals(SEED_SUCCESS, outcome.firmware());
          assertTrue(outcome.powerOff().allowed(), outcome.powerOff().toString());
          if (style.equals("single")) {
            String refusal = outcome.refusedWhileProtected();
            assertNotNull(refusal, outcome.toString());
            assertTrue(refusal.contains("refused"), refusal);
          }
          assertEquals(A04, module.revision());
          assertEquals(TaskStatus.SUCCESS, finished.get(20, TimeUnit.SECONDS));
        } finally {
          link.close();
        }
      } finally {
        engine.close();
      }
    }
  }

  /** An embedded platform with the seed's profile, a key, the A03 to A04 package and a group. */
  private CampaignEngine platform(
      CampaignStore store, Lwm2mServer server, CompletableFuture<TaskStatus> finished)
      throws Exception {
    KeyPair keys = PemKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path bin = dir.resolve(A03 + "_TO_" + A04 + ".bin");
    byte[] payload = new byte[3000];
    new java.util.Random(3000).nextBytes(payload);
    Files.write(bin, new EmulatedPackage(A03, A04, EmulatedPackage.Bytes.copyOf(payload)).encode());
    Path signed =
        PackageSigner.builder()
            .privateKey(keys.getPrivate())
            .manufacturer("Quectel")
            .build()
            .sign(Packager.zipBinary(bin));
    Catalog catalog =
        Catalog.builder()
            .store(store)
            .dataDir(dir.resolve("packages"))
            .scheduler(scheduler)
            .build();
    catalog
        .importProfile(
            "{\"manufacturerId\": \"Quectel\", \"manufacturerName\": \"Quectel\", \"model\":"
                + " \"NBIoTDevice\", \"protocolType\": \"CoAP\", \"deviceType\": \"WaterMeter\","
                + " \"omCapability\": {\"fwUpgradeCapability\": {\"supportUpgrade\": true,"
                + " \"upgradeProtocolType\": \"LWM2M\", \"downloadProtocolType\": \"CoAP\"}}}")
        .orThrow();
    catalog.uploadKey("Quectel", PemKeys.publicKeyPem(keys.getPublic())).orThrow();
    FirmwarePackage pkg =
        catalog
            .uploadPackage(
                new PackageUpload(signed, A04, "WaterMeter", "Quectel", "NBIoTDevice", "CoAP"))
            .orThrow();
    catalog.createGroup("DFOTA").orThrow();
    catalog.bind("DFOTA", List.of(new Device(UUID.randomUUID(), IMEI.value()))).orThrow();
    CampaignEngine engine =
        CampaignEngine.builder()
            .store(store)
            .catalog(catalog)
            .fleet(server.fleet())
            .scheduler(scheduler)
            .listener(
                new CampaignListener() {
                  @Override
                  public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
                    if (status.finished()) {
                      finished.complete(status);
                    }
                  }
                })
            .build();
    engine.start();
    packageId = pkg.id();
    return engine;
  }

  /** The batch task; created once the module is registered, so that its uplink starts the run. */
  private void createTask(CampaignEngine engine) {
    engine
        .createTask(
            TaskRequest.builder()
                .name("mcu-device")
                .packageId(packageId)
                .group("DFOTA")
                .execute(ExecutePolicy.deviceOnline())
                .build())
        .orThrow();
  }
}
