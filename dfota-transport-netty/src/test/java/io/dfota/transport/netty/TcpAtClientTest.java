package io.dfota.transport.netty;

import static io.dfota.transport.netty.TestSupport.ascii;
import static io.dfota.transport.netty.TestSupport.assertFails;
import static io.dfota.transport.netty.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtTransport;
import io.dfota.transport.netty.RecordingListener.Event;
import io.dfota.transport.netty.TransportException.Failure;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpAtClientTest {
  private static final ReconnectPolicy FAST =
      new ReconnectPolicy(Duration.ofMillis(10), Duration.ofMillis(200), 2.0, 0.2);

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

  private AtServer echoServer(int port) throws Exception {
    AtServer server =
        await(
            TcpAtServer.builder()
                .eventLoopGroup(group)
                .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .onAccept(TestSupport::echo)
                .bind());
    toClose.add(server);
    return server;
  }

  private AtTransport client(int port, RecordingListener listener) {
    AtTransport t =
        TcpAtClient.builder()
            .eventLoopGroup(group)
            .remote("127.0.0.1", port)
            .connectTimeout(Duration.ofSeconds(5))
            .reconnect(FAST)
            .build();
    toClose.add(t);
    t.start(listener);
    return t;
  }

  @Test
  void echoesBytesThroughALoopbackServer() throws Exception {
    AtServer server = echoServer(0);
    RecordingListener events = new RecordingListener();
    AtTransport client = client(server.localAddress().getPort(), events);

    events.awaitConnected();
    assertTrue(client.isConnected());
    await(client.write(ascii("AT+QLWFOTAIND?\r\n")));
    events.awaitText("AT+QLWFOTAIND?\r\n");
  }

  @Test
  void reportsTheLossAndReconnectsWhenThePeerComesBack() throws Exception {
    AtServer server = echoServer(0);
    int port = server.localAddress().getPort();
    RecordingListener events = new RecordingListener();
    AtTransport client = client(port, events);
    events.awaitConnected();

    server.close();
    Event down = events.awaitDisconnected();
    assertTrue(down.willReconnect(), down.toString());
    assertFalse(down.reason().isBlank());
    assertFalse(client.isConnected());
    assertFails(client.write(ascii("AT\r\n")), Failure.NOT_CONNECTED, "not connected");

    echoServer(port);
    events.awaitConnected();
    await(client.write(ascii("AT+CSCON?\r\n")));
    events.awaitText("AT+CSCON?\r\n");
  }

  @Test
  void reportsAConnectFailureWithItsReasonWhenReconnectIsOff() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RecordingListener events = new RecordingListener();
    AtTransport client =
        TcpAtClient.builder().eventLoopGroup(group).remote("127.0.0.1", port).noReconnect().build();
    toClose.add(client);
    client.start(events);

    Event down = events.awaitDisconnected();
    assertFalse(down.willReconnect());
    assertTrue(down.reason().startsWith("connect to 127.0.0.1:" + port + " failed"), down.reason());
    assertFails(client.write(ascii("AT\r\n")), Failure.NOT_CONNECTED, "no reconnect configured");
  }

  @Test
  void refusesWritesOverTheLimitAndFailsPendingOnesWithTransportClosed() throws Exception {
    try (ServerSocket deaf = new ServerSocket()) {
      deaf.setReceiveBufferSize(4096);
      deaf.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      RecordingListener events = new RecordingListener();
      AtTransport client =
          TcpAtClient.builder()
              .eventLoopGroup(group)
              .remote("127.0.0.1", deaf.getLocalPort())
              .maxPendingWriteBytes(256 * 1024)
              .channelOption(ChannelOption.SO_SNDBUF, 4096)
              .noReconnect()
              .build();
      toClose.add(client);
      client.start(events);
      try (Socket peer = deaf.accept()) {
        events.awaitConnected();
        assertTrue(peer.isConnected());
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) 'A');
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        CompletableFuture<Void> refused = null;
        for (int i = 0; i < 10_000 && refused == null; i++) {
          CompletableFuture<Void> w = client.write(ByteBuffer.wrap(chunk));
          if (w.isCompletedExceptionally()) {
            refused = w;
          } else {
            writes.add(w);
          }
        }
        assertTrue(refused != null, "no write was refused");
        assertFails(refused, Failure.BUFFER_FULL, "outbound buffer full");
        long unflushed = writes.stream().filter(w -> !w.isDone()).count();
        // 64 chunks of 4 KiB make the 256 KiB limit; one more may be between its flush and its
        // future's completion on the event loop
        assertTrue(unflushed <= 65, unflushed + " unflushed chunks of 4 KiB over a 256 KiB limit");

        client.close();
        int closedCount = 0;
        for (CompletableFuture<Void> w : writes) {
          if (!succeeds(w)) {
            assertFails(w, Failure.CLOSED, "transport closed");
            closedCount++;
          }
        }
        assertTrue(closedCount > 0, "no pending write failed on close");
        Event down = events.awaitDisconnected();
        assertEquals(new Event(false, "transport closed", false), down);
        assertFails(client.write(ascii("AT\r\n")), Failure.CLOSED, "transport closed");
      }
    }
  }

  private static boolean succeeds(CompletableFuture<Void> w) {
    try {
      w.get(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void deliversGarbageAndAnEndlessLineAndStaysUsable() throws Exception {
    byte[] endless = new byte[2 * 1024 * 1024];
    Arrays.fill(endless, (byte) 'A');
    byte[] garbage = new byte[4096];
    new Random(5).nextBytes(garbage);
    byte[] tail = "\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII);
    long total = endless.length + garbage.length + tail.length;
    try (ServerSocket peerSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> peerGot =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket s = peerSocket.accept()) {
                  OutputStream out = s.getOutputStream();
                  out.write(endless);
                  out.write(garbage);
                  out.write(tail);
                  out.flush();
                  return readLine(s.getInputStream());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      RecordingListener events = new RecordingListener(64);
      AtTransport client = client(peerSocket.getLocalPort(), events);
      events.awaitConnected();
      events.awaitBytes(total);
      assertTrue(client.isConnected());
      await(client.write(ascii("AT\r\n")));
      assertEquals("AT", await(peerGot));
    }
  }

  @Test
  void reportsAResetMidLineAndReconnects() throws Exception {
    try (ServerSocket peerSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch partialSeen = new CountDownLatch(1);
      CompletableFuture<Void> peer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  try (Socket s = peerSocket.accept()) {
                    s.getOutputStream()
                        .write("\r\nFIRMWARE DOWNL".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    partialSeen.await(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
                    s.setSoLinger(true, 0);
                  }
                  try (Socket s = peerSocket.accept()) {
                    s.getOutputStream().write("\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    readLine(s.getInputStream());
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      RecordingListener events = new RecordingListener();
      AtTransport client = client(peerSocket.getLocalPort(), events);
      events.awaitConnected();
      events.awaitText("FIRMWARE DOWNL");
      partialSeen.countDown();

      Event down = events.awaitDisconnected();
      assertTrue(down.willReconnect());
      assertTrue(down.reason().toLowerCase(java.util.Locale.ROOT).contains("reset"), down.reason());
      events.awaitConnected();
      events.awaitText("\r\nOK\r\n");
      await(client.write(ascii("AT\r\n")));
      await(peer);
    }
  }

  @Test
  void keepsDeliveringWhenTheListenerThrowsAndNothingReachesNettysTail() throws Exception {
    AtServer server = echoServer(0);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    RecordingListener events = new RecordingListener();
    AtTransport.Listener throwing =
        new AtTransport.Listener() {
          @Override
          public void onConnected() {
            events.onConnected();
            throw new IllegalStateException("listener bug in onConnected");
          }

          @Override
          public void onBytes(ByteBuffer bytes) {
            events.onBytes(bytes);
            throw new IllegalStateException("listener bug in onBytes");
          }

          @Override
          public void onDisconnected(String reason, boolean willReconnect) {
            events.onDisconnected(reason, willReconnect);
            throw new IllegalStateException("listener bug in onDisconnected");
          }
        };
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AtTransport client =
          TcpAtClient.builder()
              .eventLoopGroup(group)
              .remote("127.0.0.1", server.localAddress().getPort())
              .reconnect(FAST)
              .build();
      toClose.add(client);
      client.start(throwing);
      events.awaitConnected();
      await(client.write(ascii("first\r\n")));
      events.awaitText("first\r\n");
      await(client.write(ascii("second\r\n")));
      events.awaitText("second\r\n");
      client.close();
      events.awaitDisconnected();
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("listener threw in onBytes"), "the capture sees the log: " + log);
    assertFalse(log.contains("tail of the pipeline"), log);
  }

  @Test
  void refusesASecondStartAndCloseIsIdempotent() {
    AtTransport client =
        TcpAtClient.builder().eventLoopGroup(group).remote("127.0.0.1", 9).noReconnect().build();
    RecordingListener events = new RecordingListener();
    client.start(events);
    TransportException e = assertThrows(TransportException.class, () -> client.start(events));
    assertEquals(Failure.ILLEGAL_USE, e.failure());
    client.close();
    client.close();
    List<Event> seen = new ArrayList<>();
    Event last;
    do {
      last = events.awaitDisconnected();
      seen.add(last);
    } while (!last.reason().equals("transport closed"));
    assertFalse(
        events.drain().stream().anyMatch(x -> x.reason().equals("transport closed")),
        "a second \"transport closed\" after " + seen);
  }

  @Test
  void builderNamesTheMissingField() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> TcpAtClient.builder().remote("h", 1).build());
    assertTrue(e.getMessage().startsWith("eventLoopGroup"), e.getMessage());
    IllegalArgumentException p =
        assertThrows(IllegalArgumentException.class, () -> TcpAtClient.builder().remote("h", 0));
    assertEquals("port: 0 (expected: 1..65535)", p.getMessage());
  }

  static String readLine(InputStream in) throws java.io.IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
