package io.dfota.emulator;

import static io.dfota.emulator.Platform.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtResponse;
import io.dfota.at.AtSession;
import io.dfota.at.CmeErrorCode;
import io.dfota.at.ModuleDriver;
import io.dfota.at.Qlwsregind;
import io.dfota.at.Qsecswt;
import io.dfota.at.Qsetpsk;
import io.dfota.core.FirmwareState;
import io.dfota.core.FotaFleet;
import io.dfota.core.FotaTarget;
import io.dfota.core.PackageContent;
import io.dfota.core.Scheduler;
import io.dfota.core.UpdateResult;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.lwm2m.PreSharedKey;
import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.SecurityStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulated module on DTLS: the MCU sets {@code AT+QSECSWT=1} and {@code AT+QSETPSK} over AT,
 * the module registers over CoAPS and runs a FOTA (protocol-notes §2.3 "Other", §4.2).
 */
class DtlsModuleTest {
  private static final Imei IMEI = Imei.of(Imei.SEED_TAC, 828);
  private static final String A03 = "BC35GJBR01A03";
  private static final String A04 = "BC35GJBR01A04";

  private final PreSharedKey key = PreSharedKey.random(new SecureRandom(), 16);
  private final BlockingQueue<String> registered = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private Lwm2mServer server;
  private EmulatedModule module;
  private AtSession session;

  @BeforeEach
  void startPlatform() {
    SecurityStore store =
        SecurityStore.of(java.util.List.of(new PskCredential(IMEI.value(), IMEI.value(), key)));
    server =
        Lwm2mServer.builder()
            .dtls(store)
            .coapTiming(Duration.ofMillis(200), 2)
            .operationTimeout(Duration.ofSeconds(5))
            .build();
    server.start();
    server
        .fleet()
        .addListener(
            (ep, reason) -> {
              if (reason == FotaFleet.AwakeReason.REGISTERED) {
                registered.add(ep);
              }
            });
  }

  @AfterEach
  void stopAll() {
    if (session != null) {
      session.close();
    }
    if (module != null) {
      module.stop();
    }
    server.stop();
    timer.shutdownNow();
  }

  private EmulatedModule.Builder module() {
    return EmulatedModule.builder()
        .imei(IMEI)
        .server(server.localAddress())
        .coapTiming(Duration.ofMillis(200), 2)
        .requestTimeout(Duration.ofSeconds(3));
  }

  private static <R> R ok(AtResponse<R> r) {
    assertTrue(r.isOk(), r::describe);
    return r.okValue().orElseThrow();
  }

  @Test
  void mcuSetsThePskOverAtAndTheModuleRunsAFotaOverDtls() throws Exception {
    module = module().autoRegister(false).build();
    await(module.start());
    Scheduler scheduler = Scheduler.of(timer);
    session = AtSession.builder().transport(module.connectInMemory()).scheduler(scheduler).build();
    ModuleDriver driver = ModuleDriver.builder().session(session).scheduler(scheduler).build();

    ok(await(driver.send(new Qsecswt.Set(Qsecswt.DTLS))));
    ok(await(driver.send(new Qsetpsk.Set(Qsetpsk.IMEI, key.hex()))));
    assertEquals(new Qsecswt.Setting(1, null), ok(await(driver.send(new Qsecswt.Query()))));
    assertEquals(IMEI.value(), ok(await(driver.send(new Qsetpsk.Query()))));
    ok(await(driver.send(new Qlwsregind(0))));
    assertEquals(IMEI.value(), registered.poll(20, TimeUnit.SECONDS));

    // a registered module keeps its security settings
    AtResponse<?> refused = await(driver.send(new Qsecswt.Set(Qsecswt.PLAIN)));
    assertEquals(
        CmeErrorCode.OPERATION_NOT_ALLOWED,
        assertInstanceOf(AtResponse.CmeError.class, refused).known().orElseThrow());

    FotaTarget t = server.fleet().target(IMEI.value()).orElseThrow();
    assertEquals(A03, await(t.readFirmwareVersion()));
    Platform.States states = new Platform.States();
    await(t.observeState(states::accept));
    PackageContent pkg = Platform.content("a04", Platform.delta(A03, A04, 3000));
    String uri = server.fleet().publish(pkg);
    assertTrue(uri.startsWith("coaps://"), uri);
    server.fleet().allowDownload(IMEI.value(), pkg.id());
    await(t.writePackageUri(uri));
    states.awaitState(FirmwareState.DOWNLOADED);
    await(t.executeUpdate());
    states.awaitState(FirmwareState.IDLE);
    assertEquals(IMEI.value(), registered.poll(20, TimeUnit.SECONDS)); // after the FOTA reboot
    assertEquals(UpdateResult.SUCCESS, await(t.readUpdateResult()));
    assertEquals(A04, await(t.readFirmwareVersion()));
    assertEquals(A04, module.revision());
  }

  @Test
  void moduleWithTheWrongKeyReportsARegistrationFailureAndIsNotRegistered() throws Exception {
    module = module().psk(Qsetpsk.IMEI, PreSharedKey.random(new SecureRandom(), 16)).build();
    ScriptedMcu mcu = new ScriptedMcu(module.connectInMemory());
    // start() completes with the registration, which the dropped handshake never lets happen
    module.start();
    mcu.awaitLine(0, "+QLWEVTIND:8");
    assertTrue(server.registry().all().isEmpty());
  }

  @Test
  void moduleWithDtlsOnButNoPskDoesNotRegister() throws Exception {
    module = module().autoRegister(false).build();
    ScriptedMcu mcu = new ScriptedMcu(module.connectInMemory());
    await(module.start());
    mcu.command("AT+QSECSWT=1", "OK");
    mcu.command("AT+QLWSREGIND=0", "OK");
    mcu.awaitLine(0, "+QLWEVTIND:8");
    assertTrue(server.registry().all().isEmpty());
  }
}
