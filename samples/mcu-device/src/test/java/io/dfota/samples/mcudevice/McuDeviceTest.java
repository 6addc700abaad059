package io.dfota.samples.mcudevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.HexPayload;
import io.dfota.at.ModuleEvent;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.GuardVerdict;
import io.dfota.core.Scheduler;
import io.dfota.core.VirtualScheduler;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.TcpAtClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the mcu-device sample's two MCU styles over loopback TCP against the scripted stand-in
 * module, through the sample's main body and through the style classes on a virtual clock.
 */
class McuDeviceTest {
  private static final List<FirmwareIndication> SEED_SUCCESS =
      List.of(
          FirmwareIndication.DOWNLOADING,
          FirmwareIndication.DOWNLOADED,
          FirmwareIndication.UPDATING,
          FirmwareIndication.UPDATE_SUCCESS,
          FirmwareIndication.UPDATE_OVER);

  private EventLoopGroup group;

  @BeforeEach
  void setUp() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void tearDown() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void mainBodyRunsTheSingleMcuStyleThroughTheSeedDfota() throws Exception {
    Outcome outcome = McuDevice.run(new String[] {"--scripted", "--style", "single"});

    assertTrue(outcome.dfotaRan(), outcome.toString());
    assertEquals(SEED_SUCCESS, outcome.firmware());
    String refusal = outcome.refusedWhileProtected();
    assertNotNull(refusal, outcome.toString());
    assertTrue(refusal.contains("refused"), refusal);
    assertTrue(outcome.powerOff().allowed(), outcome.powerOff().toString());
  }

  @Test
  void mainBodyRunsTheDualMcuStyleThroughTheSeedDfota() throws Exception {
    Outcome outcome = McuDevice.run(new String[] {"--scripted", "--style", "dual"});

    assertTrue(outcome.dfotaRan(), outcome.toString());
    assertEquals(SEED_SUCCESS, outcome.firmware());
    assertNull(outcome.refusedWhileProtected());
    assertTrue(outcome.powerOff().allowed(), outcome.powerOff().toString());
  }

  @Test
  void singleMcuPowersOffAfterTheRadioGoesIdleWhenNoDfotaStarts() throws Exception {
    VirtualScheduler clock = new VirtualScheduler();
    try (AtServer module = ScriptedModule.start(group, 0, ScriptedModule.Script.NO_DFOTA).join();
        AtTransport link = tcpTo(module);
        AtSession session = McuDevice.connect(link, clock).get(10, TimeUnit.SECONDS)) {
      SingleMcu mcu = new SingleMcu(session, clock, Duration.ofSeconds(5));

      Outcome outcome =
          mcu.run(HexPayload.fromHex("313233"), Duration.ofMinutes(1)).get(20, TimeUnit.SECONDS);

      assertFalse(outcome.dfotaRan(), outcome.toString());
      assertEquals(List.of(), outcome.firmware());
      assertTrue(outcome.powerOff().allowed(), outcome.powerOff().toString());
      assertFalse(mcu.driver().guard().isProtected());
    }
  }

  @Test
  void dualMcuListenWindowEndsWithTheDfotaAndPowersOffOnlyAfterOver() throws Exception {
    VirtualScheduler clock = new VirtualScheduler();
    try (AtServer module =
            ScriptedModule.start(group, 0, ScriptedModule.Script.SEED_SUCCESS).join();
        AtTransport link = tcpTo(module);
        AtSession session = McuDevice.connect(link, clock).get(10, TimeUnit.SECONDS)) {
      DualMcu mcu = new DualMcu(session, clock, Duration.ofMinutes(2), Duration.ofSeconds(5));
      CountDownLatch over = new CountDownLatch(1);
      mcu.driver()
          .addListener(
              e -> {
                if (e instanceof ModuleEvent.Firmware
                    && ((ModuleEvent.Firmware) e).urc().indication()
                        == FirmwareIndication.UPDATE_OVER) {
                  over.countDown();
                }
              });

      CompletableFuture<Outcome> run =
          mcu.run(HexPayload.fromHex("313233"), Duration.ofMinutes(75));
      assertTrue(over.await(20, TimeUnit.SECONDS), "no FIRMWARE UPDATE OVER");
      assertFalse(run.isDone(), "powered off before its next poll: " + run);
      clock.advance(Duration.ofSeconds(5)); // the communication MCU's next poll
      Outcome outcome = run.get(20, TimeUnit.SECONDS);

      assertTrue(outcome.dfotaRan(), outcome.toString());
      assertEquals(SEED_SUCCESS, outcome.firmware());
      assertTrue(outcome.powerOff().allowed(), outcome.powerOff().toString());
      assertFalse(mcu.driver().guard().isProtected());
    }
  }

  @Test
  void singleMcuRestartsAModuleWithoutOverAfter35MinutesAndPowersOffAfterTheRecoveryWindow()
      throws Exception {
    VirtualScheduler clock = new VirtualScheduler();
    try (AtServer module = ScriptedModule.start(group, 0, ScriptedModule.Script.NO_OVER).join();
        AtTransport link = tcpTo(module);
        AtSession session = McuDevice.connect(link, clock).get(10, TimeUnit.SECONDS)) {
      SingleMcu mcu = new SingleMcu(session, clock, Duration.ofSeconds(5));
      CountDownLatch downloaded = new CountDownLatch(1);
      CountDownLatch restarted = new CountDownLatch(1);
      CountDownLatch reregistered = new CountDownLatch(1);
      mcu.driver()
          .addListener(
              e -> {
                if (e instanceof ModuleEvent.Firmware
                    && ((ModuleEvent.Firmware) e).urc().indication()
                        == FirmwareIndication.DOWNLOADED) {
                  downloaded.countDown();
                } else if (e instanceof ModuleEvent.WatchdogRestart) {
                  restarted.countDown();
                } else if (e instanceof ModuleEvent.LwM2mEvent
                    && ((ModuleEvent.LwM2mEvent) e).urc().code() == 3) {
                  reregistered.countDown();
                }
              });

      CompletableFuture<Outcome> run =
          mcu.run(HexPayload.fromHex("313233"), Duration.ofMinutes(75));
      assertTrue(downloaded.await(20, TimeUnit.SECONDS), "no FIRMWARE DOWNLOADED");
      clock.advance(Duration.ofMinutes(35)); // no OVER 35 minutes after DOWNLOADING: AT+NRB
      assertTrue(restarted.await(20, TimeUnit.SECONDS), "the watchdog did not restart the module");
      assertTrue(reregistered.await(20, TimeUnit.SECONDS), "no +QLWEVTIND:3 after the restart");
      assertTrue(mcu.driver().guard().isProtected(), "left protection before the recovery window");
      assertFalse(run.isDone(), "powered off inside the recovery window: " + run);
      clock.advance(Duration.ofMinutes(35)); // the recovery window ends without OVER
      Outcome outcome = run.get(20, TimeUnit.SECONDS);

      assertEquals(
          List.of(FirmwareIndication.DOWNLOADING, FirmwareIndication.DOWNLOADED),
          outcome.firmware());
      assertTrue(outcome.powerOff().allowed(), outcome.powerOff().toString());
      assertEquals(1, mcu.driver().guard().status().restartsRequested());
    }
  }

  @Test
  void readmeDeviceRoleExampleRunsAgainstTheScriptedModule() throws Exception {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (AtServer module =
        ScriptedModule.start(group, 0, ScriptedModule.Script.SEED_SUCCESS).join()) {
      GuardVerdict verdict =
          DeviceRoleExample.run(group, Scheduler.of(timers), module.localAddress().getPort());
      assertTrue(verdict.allowed(), verdict.toString());
    } finally {
      timers.shutdownNow();
    }
  }

  private AtTransport tcpTo(AtServer module) {
    return TcpAtClient.builder()
        .eventLoopGroup(group)
        .remote("127.0.0.1", module.localAddress().getPort())
        .build();
  }

  @Test
  void readmesCarryTheDeviceRoleSnippetOfDeviceRoleExample() throws IOException {
    Path source = Path.of("src/main/java/io/dfota/samples/mcudevice/DeviceRoleExample.java");
    String snippet = "```java\n" + readmeRegion(source, "") + "\n```";
    for (Path readme : List.of(Path.of("..", "README.md"), Path.of("..", "..", "README.md"))) {
      String text = Files.readString(readme, StandardCharsets.UTF_8);
      assertTrue(text.contains(snippet), readme + " lacks DeviceRoleExample's region");
    }
  }

  /** The lines between {@code // README:begin NAME} and {@code // README:end NAME}, dedented. */
  static String readmeRegion(Path source, String name) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    String begin = ("// README:begin " + name).strip();
    String end = ("// README:end " + name).strip();
    int from = -1;
    int to = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) {
        from = i + 1;
      } else if (lines.get(i).strip().equals(end)) {
        to = i;
      }
    }
    assertTrue(from > 0 && to >= from, source + ": no README region " + name);
    List<String> region = lines.subList(from, to);
    int indent =
        region.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return region.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.joining("\n"));
  }
}
