package io.dfota.transport.netty;

import static io.dfota.transport.netty.TestSupport.ascii;
import static io.dfota.transport.netty.TestSupport.assertFails;
import static io.dfota.transport.netty.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtTransport;
import io.dfota.transport.netty.RecordingListener.Event;
import io.dfota.transport.netty.TransportException.Failure;
import io.netty.channel.EventLoopGroup;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpAtServerTest {
  private EventLoopGroup group;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void setUp() {
    group = TestSupport.newGroup();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    TestSupport.shutdown(group);
  }

  private AtTransport client(int port, RecordingListener listener) {
    AtTransport t =
        TcpAtClient.builder().eventLoopGroup(group).remote("127.0.0.1", port).noReconnect().build();
    toClose.add(t);
    t.start(listener);
    return t;
  }

  private static AtConnection poll(LinkedBlockingQueue<AtConnection> accepted)
      throws InterruptedException {
    AtConnection c = accepted.poll(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(c != null, "no connection accepted");
    return c;
  }

  @Test
  void servesManyConnectionsEachItsOwnModule() throws Exception {
    AtomicInteger ids = new AtomicInteger();
    AtServer server =
        await(
            TcpAtServer.builder()
                .eventLoopGroup(group)
                .onAccept(
                    c -> {
                      String imei = "86772503000" + (1000 + ids.incrementAndGet());
                      c.start(
                          new AtTransport.Listener() {
                            @Override
                            public void onConnected() {}

                            @Override
                            public void onBytes(ByteBuffer bytes) {
                              c.write(ascii("\r\n" + imei + "\r\n\r\nOK\r\n"));
                            }

                            @Override
                            public void onDisconnected(String reason, boolean willReconnect) {}
                          });
                    })
                .bind());
    toClose.add(server);
    int n = 200;
    List<RecordingListener> listeners = new ArrayList<>();
    List<AtTransport> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordingListener l = new RecordingListener();
      listeners.add(l);
      clients.add(client(server.localAddress().getPort(), l));
    }
    Set<String> imeis = new HashSet<>();
    for (int i = 0; i < n; i++) {
      listeners.get(i).awaitConnected();
      await(clients.get(i).write(ascii("AT+CGSN=1\r\n")));
      String text = listeners.get(i).awaitText("OK\r\n");
      imeis.add(text.trim().split("\r\n")[0]);
    }
    assertEquals(n, imeis.size(), imeis.toString());
    assertEquals(n, server.connectionCount());
  }

  @Test
  void readsNothingUntilTheConnectionIsStartedAndLosesNothing() throws Exception {
    LinkedBlockingQueue<AtConnection> accepted = new LinkedBlockingQueue<>();
    AtServer server =
        await(TcpAtServer.builder().eventLoopGroup(group).onAccept(accepted::add).bind());
    toClose.add(server);
    RecordingListener mcu = new RecordingListener();
    AtTransport client = client(server.localAddress().getPort(), mcu);
    mcu.awaitConnected();
    await(client.write(ascii("AT+QLWFOTAIND?\r\n")));

    AtConnection module = poll(accepted);
    assertTrue(module.tag().startsWith("tcp-server#"), module.tag());
    RecordingListener moduleEvents = new RecordingListener();
    module.start(moduleEvents);
    moduleEvents.awaitConnected();
    moduleEvents.awaitText("AT+QLWFOTAIND?\r\n");
    await(module.write(ascii("\r\n+QLWFOTAIND:0\r\n\r\nOK\r\n")));
    mcu.awaitText("+QLWFOTAIND:0\r\n\r\nOK\r\n");
  }

  @Test
  void reportsThePeerLeavingWithoutReconnect() throws Exception {
    LinkedBlockingQueue<AtConnection> accepted = new LinkedBlockingQueue<>();
    AtServer server =
        await(TcpAtServer.builder().eventLoopGroup(group).onAccept(accepted::add).bind());
    toClose.add(server);
    RecordingListener mcu = new RecordingListener();
    AtTransport client = client(server.localAddress().getPort(), mcu);
    AtConnection module = poll(accepted);
    RecordingListener moduleEvents = new RecordingListener();
    module.start(moduleEvents);
    moduleEvents.awaitConnected();

    client.close();
    Event down = moduleEvents.awaitDisconnected();
    assertFalse(down.willReconnect());
    assertFalse(down.reason().isBlank());
    assertFails(module.write(ascii("OK\r\n")), Failure.NOT_CONNECTED, "is gone");
  }

  @Test
  void closingTheServerClosesEveryConnectionWithTransportClosed() throws Exception {
    LinkedBlockingQueue<AtConnection> accepted = new LinkedBlockingQueue<>();
    AtServer server =
        await(TcpAtServer.builder().eventLoopGroup(group).onAccept(accepted::add).bind());
    toClose.add(server);
    List<RecordingListener> modules = new ArrayList<>();
    List<RecordingListener> mcus = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RecordingListener mcu = new RecordingListener();
      mcus.add(mcu);
      client(server.localAddress().getPort(), mcu);
      RecordingListener m = new RecordingListener();
      poll(accepted).start(m);
      m.awaitConnected();
      modules.add(m);
    }
    server.close();
    assertEquals(0, server.connectionCount());
    for (RecordingListener m : modules) {
      assertEquals(new Event(false, "transport closed", false), m.awaitDisconnected());
    }
    for (RecordingListener mcu : mcus) {
      assertFalse(mcu.awaitDisconnected().willReconnect());
    }
  }

  @Test
  void refusesConnectionsOverTheLimit() throws Exception {
    LinkedBlockingQueue<AtConnection> accepted = new LinkedBlockingQueue<>();
    AtServer server =
        await(
            TcpAtServer.builder()
                .eventLoopGroup(group)
                .maxConnections(1)
                .onAccept(accepted::add)
                .bind());
    toClose.add(server);
    RecordingListener first = new RecordingListener();
    client(server.localAddress().getPort(), first);
    first.awaitConnected();
    poll(accepted);
    RecordingListener second = new RecordingListener();
    client(server.localAddress().getPort(), second);
    Event down = second.awaitDisconnected();
    assertFalse(down.willReconnect());
    assertEquals(1, server.connectionCount());
  }

  @Test
  void failsTheBindWithAReasonWhenThePortIsTaken() throws Exception {
    AtServer server = await(TcpAtServer.builder().eventLoopGroup(group).onAccept(c -> {}).bind());
    toClose.add(server);
    CompletableFuture<AtServer> second =
        TcpAtServer.builder()
            .eventLoopGroup(group)
            .bindAddress(server.localAddress())
            .onAccept(c -> {})
            .bind();
    assertFails(second, Failure.IO_ERROR, "bind " + server.localAddress());
  }
}
