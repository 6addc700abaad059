package io.dfota.transport.netty;

import static io.dfota.transport.netty.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtException;
import io.dfota.at.AtResponse;
import io.dfota.at.AtSession;
import io.dfota.at.AtTransport;
import io.dfota.at.FotaMode;
import io.dfota.at.HexPayload;
import io.dfota.at.ModuleDriver;
import io.dfota.at.ModuleEvent;
import io.dfota.at.NoContent;
import io.dfota.at.Urc;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.Scheduler;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dfota-at's {@link ModuleDriver} runs the seed's success transcript (protocol-notes §1.2) against
 * a scripted module over a real loopback TCP connection and over a real socat pseudo-terminal pair.
 */
class DriverOverTransportsTest {
  @TempDir Path dir;
  private EventLoopGroup group;
  private ScheduledExecutorService timers;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void setUp() {
    group = TestSupport.newGroup();
    timers = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    timers.shutdownNow();
    assertTrue(timers.awaitTermination(20, TimeUnit.SECONDS));
    TestSupport.shutdown(group);
  }

  /** The MCU side: session and driver on a transport, recording the driver's events. */
  private final class Mcu implements AtSession.Listener {
    final CountDownLatch connected = new CountDownLatch(1);
    final LinkedBlockingQueue<String> linkEvents = new LinkedBlockingQueue<>();
    final List<String> framingErrors = new CopyOnWriteArrayList<>();
    final CountDownLatch framingError = new CountDownLatch(1);
    final List<ModuleEvent> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> over = new CompletableFuture<>();
    final ModuleDriver driver;

    Mcu(AtTransport transport) {
      AtSession session =
          AtSession.builder()
              .transport(transport)
              .scheduler(Scheduler.of(timers))
              .listener(this)
              .build();
      toClose.add(session);
      driver =
          ModuleDriver.builder()
              .session(session)
              .scheduler(Scheduler.of(timers))
              .listener(
                  e -> {
                    events.add(e);
                    if (e instanceof ModuleEvent.Firmware
                        && ((ModuleEvent.Firmware) e).urc().indication()
                            == FirmwareIndication.UPDATE_OVER) {
                      over.complete(null);
                    }
                  })
              .build();
      toClose.add(driver);
    }

    @Override
    public void onUrc(Urc urc) {}

    @Override
    public void onConnected() {
      connected.countDown();
      linkEvents.add("connected");
    }

    @Override
    public void onDisconnected(String reason, boolean willReconnect) {
      linkEvents.add("disconnected");
    }

    @Override
    public void onFramingError(AtException error) {
      framingErrors.add(String.valueOf(error.getMessage()));
      framingError.countDown();
    }

    void awaitLink(String event) throws InterruptedException {
      while (true) {
        String e = linkEvents.poll(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(e != null, "no " + event + " within " + RecordingListener.WAIT);
        if (e.equals(event)) {
          return;
        }
      }
    }

    FotaMode fotaMode() throws Exception {
      AtResponse<FotaMode> mode = await(driver.fotaMode());
      return (FotaMode) assertInstanceOf(AtResponse.Ok.class, mode, mode.toString()).value();
    }

    void runSeedTranscript() throws Exception {
      assertTrue(connected.await(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(FotaMode.AUTOMATIC, fotaMode());
      AtResponse<NoContent> uplink = await(driver.sendUplink(HexPayload.fromHex("313233")));
      assertInstanceOf(AtResponse.Ok.class, uplink, uplink.toString());
      await(over);

      List<FirmwareIndication> firmware = new ArrayList<>();
      List<Integer> lwEvents = new ArrayList<>();
      int restarts = 0;
      for (ModuleEvent e : events) {
        if (e instanceof ModuleEvent.Firmware) {
          firmware.add(((ModuleEvent.Firmware) e).urc().indication());
        } else if (e instanceof ModuleEvent.LwM2mEvent) {
          lwEvents.add(((ModuleEvent.LwM2mEvent) e).urc().code());
        } else if (e instanceof ModuleEvent.Restarted) {
          restarts++;
        }
      }
      assertEquals(
          List.of(
              FirmwareIndication.DOWNLOADING,
              FirmwareIndication.DOWNLOADED,
              FirmwareIndication.UPDATING,
              FirmwareIndication.UPDATE_SUCCESS,
              FirmwareIndication.UPDATE_OVER),
          firmware,
          events.toString());
      assertEquals(List.of(5, 0, 3), lwEvents, events.toString());
      assertEquals(1, restarts, events.toString());
      assertFalse(driver.guard().status().isProtected(), driver.guard().status().toString());
    }
  }

  @Test
  void driverRunsTheSeedTranscriptOverLoopbackTcp() throws Exception {
    List<ScriptedModule> modules = new CopyOnWriteArrayList<>();
    AtServer server =
        await(
            TcpAtServer.builder()
                .eventLoopGroup(group)
                .onAccept(
                    c -> {
                      ScriptedModule m = new ScriptedModule().attach(c);
                      modules.add(m);
                      c.start(m);
                    })
                .bind());
    toClose.add(server);
    AtTransport link =
        TcpAtClient.builder()
            .eventLoopGroup(group)
            .remote("127.0.0.1", server.localAddress().getPort())
            .build();
    toClose.add(link);

    new Mcu(link).runSeedTranscript();

    assertEquals(1, modules.size());
    List<String> commands = modules.get(0).commands();
    assertEquals(List.of("AT+QLWFOTAIND?", "AT+QLWULDATA=3,313233"), commands.subList(0, 2));
  }

  @Test
  void driverRunsTheSeedTranscriptOverAPseudoTerminalPair() throws Exception {
    String missing = Socat.missingReason();
    Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
    Socat socat = Socat.start(dir);
    toClose.add(socat);
    ScriptedModule module = new ScriptedModule();
    AtTransport moduleSide = SerialAtPort.builder().path(socat.b.toString()).build();
    toClose.add(moduleSide);
    module.attach(moduleSide);
    moduleSide.start(module);
    module.events.awaitConnected();
    AtTransport link = SerialAtPort.builder().path(socat.a.toString()).baudRate(9600).build();
    toClose.add(link);

    new Mcu(link).runSeedTranscript();

    assertEquals(
        List.of("AT+QLWFOTAIND?", "AT+QLWULDATA=3,313233"), module.commands().subList(0, 2));
  }

  private AtServer moduleServer(int port, java.util.function.Supplier<ScriptedModule> modules)
      throws Exception {
    AtServer server =
        await(
            TcpAtServer.builder()
                .eventLoopGroup(group)
                .bindAddress(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port))
                .onAccept(c -> c.start(modules.get().attach(c)))
                .bind());
    toClose.add(server);
    return server;
  }

  private AtTransport reconnectingClient(int port) {
    AtTransport link =
        TcpAtClient.builder()
            .eventLoopGroup(group)
            .remote("127.0.0.1", port)
            .reconnect(new ReconnectPolicy(Duration.ofMillis(10), Duration.ofMillis(200), 2.0, 0.2))
            .build();
    toClose.add(link);
    return link;
  }

  @Test
  void pendingCommandFailsWithAReasonWhenThePeerGoesAndNewOnesWorkAfterItComesBack()
      throws Exception {
    LinkedBlockingQueue<ScriptedModule> hung = new LinkedBlockingQueue<>();
    AtServer first =
        moduleServer(
            0,
            () -> {
              ScriptedModule m = new ScriptedModule().mute();
              hung.add(m);
              return m;
            });
    int port = first.localAddress().getPort();
    Mcu mcu = new Mcu(reconnectingClient(port));
    mcu.awaitLink("connected");

    CompletableFuture<AtResponse<FotaMode>> pending = mcu.driver.fotaMode();
    ScriptedModule module = hung.poll(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(module != null, "no connection accepted");
    module.events.awaitText("AT+QLWFOTAIND?\r");
    first.close();

    AtResponse<FotaMode> failed = await(pending);
    AtResponse.TransportClosed<?> closed =
        assertInstanceOf(AtResponse.TransportClosed.class, failed, failed.toString());
    assertFalse(closed.reason().isBlank());
    mcu.awaitLink("disconnected");

    moduleServer(port, ScriptedModule::new);
    mcu.awaitLink("connected");
    assertEquals(FotaMode.AUTOMATIC, mcu.fotaMode());
  }

  @Test
  void garbageAndAnEndlessLineLeaveTheSessionUsable() throws Exception {
    String endless = "A".repeat(3 * io.dfota.at.AtFramer.DEFAULT_MAX_LINE_LENGTH);
    AtServer server =
        moduleServer(
            0,
            () ->
                new ScriptedModule()
                    .greeting("\r\n" + endless + "\r\n\u0000\u00ff\u0013garbage\r\n"));
    Mcu mcu = new Mcu(reconnectingClient(server.localAddress().getPort()));
    mcu.awaitLink("connected");
    assertTrue(mcu.framingError.await(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(1, mcu.framingErrors.size(), mcu.framingErrors.toString());
    assertEquals(FotaMode.AUTOMATIC, mcu.fotaMode());
    assertTrue(mcu.driver.session().transport().isConnected());
  }

  @Test
  void aResetMidLineDoesNotGlueThePartialLineToTheNextConnection() throws Exception {
    LinkedBlockingQueue<AtConnection> firstConnection = new LinkedBlockingQueue<>();
    AtServer first =
        await(
            TcpAtServer.builder()
                .eventLoopGroup(group)
                .onAccept(
                    c -> {
                      c.start(new ScriptedModule().attach(c));
                      firstConnection.add(c);
                    })
                .bind());
    toClose.add(first);
    int port = first.localAddress().getPort();
    Mcu mcu = new Mcu(reconnectingClient(port));
    mcu.awaitLink("connected");
    AtConnection c = firstConnection.poll(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(c != null, "no connection accepted");
    await(
        c.write(java.nio.ByteBuffer.wrap(io.dfota.at.ModuleCodec.bytes("\r\nFIRMWARE DOWNLOAD"))));
    first.close();
    mcu.awaitLink("disconnected");

    moduleServer(port, () -> new ScriptedModule().greeting("ED\r\n"));
    mcu.awaitLink("connected");
    assertEquals(FotaMode.AUTOMATIC, mcu.fotaMode());
    assertTrue(
        mcu.events.stream().noneMatch(e -> e instanceof ModuleEvent.Firmware),
        mcu.events.toString());
    assertFalse(mcu.driver.guard().status().isProtected());
  }

  @Test
  void closingTheLinkCompletesThePendingCommandWithTransportClosed() throws Exception {
    LinkedBlockingQueue<ScriptedModule> hung = new LinkedBlockingQueue<>();
    AtServer server =
        moduleServer(
            0,
            () -> {
              ScriptedModule m = new ScriptedModule().mute();
              hung.add(m);
              return m;
            });
    AtTransport link = reconnectingClient(server.localAddress().getPort());
    Mcu mcu = new Mcu(link);
    mcu.awaitLink("connected");
    CompletableFuture<AtResponse<FotaMode>> pending = mcu.driver.fotaMode();
    ScriptedModule module = hung.poll(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(module != null, "no connection accepted");
    module.events.awaitText("AT+QLWFOTAIND?\r");

    link.close();

    AtResponse<FotaMode> r = await(pending);
    assertEquals(
        "transport closed",
        assertInstanceOf(AtResponse.TransportClosed.class, r, r.toString()).reason());
    assertFalse(link.isConnected());
  }
}
