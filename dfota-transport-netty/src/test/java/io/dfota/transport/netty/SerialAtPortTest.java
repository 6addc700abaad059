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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialAtPortTest {
  /** The seed's success transcript (protocol-notes §1.2): each command and the module's answer. */
  static final Map<String, String> SCRIPT =
      Map.of(
          "AT+QLWFOTAIND?",
          "\r\n+QLWFOTAIND:0\r\n\r\nOK\r\n",
          "AT+QLWULDATA=3,313233",
          "\r\nOK\r\n"
              + "\r\n+QLWEVTIND:5\r\n"
              + "\r\nFIRMWARE DOWNLOADING\r\n"
              + "\r\nFIRMWARE DOWNLOADED\r\n"
              + "\r\nFIRMWARE UPDATING\r\n"
              + "\r\nREBOOT_CAUSE_SECURITY_FOTA_UPGRADE\r\n"
              + "\r\nNeul\r\n"
              + "\r\nOK\r\n"
              + "\r\nFIRMWARE UPDATE SUCCESS\r\n"
              + "\r\n+QLWEVTIND:0\r\n"
              + "\r\n+QLWEVTIND:3\r\n"
              + "\r\nFIRMWARE UPDATE OVER\r\n");

  private static final ReconnectPolicy FAST =
      new ReconnectPolicy(Duration.ofMillis(10), Duration.ofMillis(200), 2.0, 0.2);

  @TempDir Path dir;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void needsSocat() {
    String missing = Socat.missingReason();
    Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private AtTransport port(Path path, AtTransport.Listener listener) {
    AtTransport t = SerialAtPort.builder().path(path.toString()).reopen(FAST).build();
    toClose.add(t);
    t.start(listener);
    return t;
  }

  /** A scripted module: answers each complete command line from {@link #SCRIPT}. */
  static final class ScriptedModule implements AtTransport.Listener {
    private final StringBuilder line = new StringBuilder();
    private AtTransport link;
    final RecordingListener events = new RecordingListener();

    void attach(AtTransport link) {
      this.link = link;
    }

    @Override
    public void onConnected() {
      events.onConnected();
    }

    @Override
    public void onBytes(ByteBuffer bytes) {
      events.onBytes(bytes.duplicate());
      while (bytes.hasRemaining()) {
        char c = (char) (bytes.get() & 0xFF);
        if (c == '\r') {
          String answer = SCRIPT.getOrDefault(line.toString().trim(), "\r\nERROR\r\n");
          line.setLength(0);
          link.write(ascii(answer));
        } else if (c != '\n' && line.length() < 2100) {
          line.append(c);
        }
      }
    }

    @Override
    public void onDisconnected(String reason, boolean willReconnect) {
      events.onDisconnected(reason, willReconnect);
    }
  }

  @Test
  void carriesTheSeedTranscriptOverAPseudoTerminalPair() throws Exception {
    Socat socat = Socat.start(dir);
    toClose.add(socat);
    ScriptedModule module = new ScriptedModule();
    module.attach(port(socat.b, module));
    RecordingListener mcu = new RecordingListener();
    AtTransport link = port(socat.a, mcu);
    mcu.awaitConnected();
    module.events.awaitConnected();

    await(link.write(ascii("AT+QLWFOTAIND?\r\n")));
    mcu.awaitText("OK\r\n");
    await(link.write(ascii("AT+QLWULDATA=3,313233\r\n")));
    String got = mcu.awaitText("FIRMWARE UPDATE OVER\r\n");

    assertEquals(
        SCRIPT.get("AT+QLWFOTAIND?") + SCRIPT.get("AT+QLWULDATA=3,313233"),
        got,
        "the MCU side saw the module's bytes in order");
    assertEquals(
        "AT+QLWFOTAIND?\r\nAT+QLWULDATA=3,313233\r\n",
        module.events.awaitText("AT+QLWULDATA=3,313233\r\n"));
  }

  @Test
  void reopensThePortAfterTheDeviceDisappears() throws Exception {
    Socat first = Socat.start(dir);
    RecordingListener mcu = new RecordingListener();
    AtTransport link = port(first.a, mcu);
    mcu.awaitConnected();
    assertTrue(link.isConnected());

    first.close();
    Event down = mcu.awaitDisconnected();
    assertTrue(down.willReconnect(), down.toString());
    assertTrue(down.reason().startsWith("device disappeared"), down.reason());
    assertFails(link.write(ascii("AT\r\n")), Failure.NOT_CONNECTED, "is not open");

    Socat second = Socat.start(dir);
    toClose.add(second);
    mcu.awaitConnected();
    ScriptedModule module = new ScriptedModule();
    module.attach(port(second.b, module));
    module.events.awaitConnected();
    await(link.write(ascii("AT+QLWFOTAIND?\r\n")));
    mcu.awaitText("+QLWFOTAIND:0\r\n\r\nOK\r\n");
  }

  @Test
  void closeFailsWritesWithTransportClosedAndStopsItsThreads() throws Exception {
    Socat socat = Socat.start(dir);
    toClose.add(socat);
    RecordingListener mcu = new RecordingListener();
    AtTransport link = port(socat.a, mcu);
    mcu.awaitConnected();
    await(link.write(ascii("AT\r\n")));

    link.close();
    assertEquals(new Event(false, "transport closed", false), mcu.awaitDisconnected());
    assertFails(link.write(ascii("AT\r\n")), Failure.CLOSED, "transport closed");
    String path = socat.a.toString();
    List<String> alive = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("dfota-serial") && t.getName().endsWith(path)) {
        alive.add(t.getName());
      }
    }
    assertEquals(List.of(), alive);
  }

  @Test
  void refusesWritesOverTheLimit() throws Exception {
    Socat socat = Socat.start(dir);
    toClose.add(socat);
    RecordingListener mcu = new RecordingListener();
    AtTransport link =
        SerialAtPort.builder()
            .path(socat.a.toString())
            .baudRate(9600)
            .maxPendingWriteBytes(1024)
            .build();
    toClose.add(link);
    link.start(mcu);
    mcu.awaitConnected();
    TransportException e = TestSupport.awaitFailure(link.write(ByteBuffer.wrap(new byte[2048])));
    assertEquals(Failure.BUFFER_FULL, e.failure());
    await(link.write(ByteBuffer.wrap("AT\r\n".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void reportsAMissingDeviceWithItsPathWhenReopenIsOff() {
    RecordingListener mcu = new RecordingListener();
    Path missing = dir.resolve("no-such-tty");
    AtTransport link = SerialAtPort.builder().path(missing.toString()).noReopen().build();
    toClose.add(link);
    link.start(mcu);
    Event down = mcu.awaitDisconnected();
    assertFalse(down.willReconnect());
    assertTrue(down.reason().contains(missing.toString()), down.reason());
  }

  @Test
  void validatesTheLineSettings() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SerialAtPort.builder().path("/dev/ttyS0").dataBits(9).build());
    assertEquals("dataBits: 9 (expected: 5..8)", e.getMessage());
    IllegalStateException s =
        assertThrows(IllegalStateException.class, () -> SerialAtPort.builder().build());
    assertTrue(s.getMessage().startsWith("path"), s.getMessage());
  }
}
