package io.dfota.emulator.sim;

import static io.dfota.emulator.sim.DeviceSimulatorTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import io.dfota.emulator.EmulatedPackage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A simulated device against a scripted CoAP peer on a raw UDP socket (the {@code LockstepEndpoint}
 * idea): retransmission with the same message id (RFC 7252 §4.2), answers to duplicated requests
 * (§4.5), separate responses, empty messages and malformed datagrams.
 */
class SimulatorWireTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private DatagramSocket peer;
  private DeviceSimulator sim;
  private final UdpDataParser parser = new UdpDataParser();
  private final UdpDataSerializer serializer = new UdpDataSerializer();
  private SocketAddress device;

  @BeforeEach
  void openPeer() throws Exception {
    peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    peer.setSoTimeout((int) WAIT.toMillis());
  }

  @AfterEach
  void close() {
    if (sim != null) {
      sim.close();
    }
    peer.close();
  }

  private byte[] receive() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    peer.receive(p);
    device = p.getSocketAddress();
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  private Message receiveMessage() throws Exception {
    return parser.parseMessage(receive());
  }

  private void send(Message m) throws Exception {
    send(serializer.getByteArray(m));
  }

  private void send(byte[] b) throws Exception {
    peer.send(new DatagramPacket(b, b.length, device));
  }

  private static Response answer(Request req, ResponseCode code) {
    Response r = new Response(code);
    r.setType(Type.ACK);
    r.setMID(req.getMID());
    r.setToken(req.getToken());
    return r;
  }

  /** Starts one device and answers its registration; returns the start future. */
  private CompletableFuture<Void> startAndRegister() throws Exception {
    sim =
        DeviceSimulator.builder()
            .server((InetSocketAddress) peer.getLocalSocketAddress())
            .coapTiming(Duration.ofSeconds(2), 3)
            .build();
    CompletableFuture<Void> started = sim.start();
    Request reg = assertInstanceOf(Request.class, receiveMessage());
    assertEquals(Code.POST, reg.getCode());
    assertEquals("rd", reg.getOptions().getUriPathString());
    assertTrue(reg.getOptions().getUriQuery().contains("ep=" + sim.imeis().get(0).value()));
    assertTrue(reg.getOptions().getUriQuery().contains("lwm2m=1.0"));
    assertEquals(40, reg.getOptions().getContentFormat());
    Response created = answer(reg, ResponseCode.CREATED);
    created.getOptions().setLocationPath("rd/7");
    send(created);
    return started;
  }

  @Test
  void retransmitsAnUnansweredRegistrationWithTheSameMessageId() throws Exception {
    sim =
        DeviceSimulator.builder()
            .server((InetSocketAddress) peer.getLocalSocketAddress())
            .coapTiming(Duration.ofMillis(100), 3)
            .build();
    CompletableFuture<Void> started = sim.start();
    byte[] first = receive();
    byte[] second = receive(); // not answered: the same datagram again after the ACK timeout
    assertArrayEquals(first, second);
    Request reg = (Request) parser.parseMessage(second);
    Response created = answer(reg, ResponseCode.CREATED);
    created.getOptions().setLocationPath("rd/7");
    send(created);
    await(started);
    assertEquals(1, sim.counters().registered());
    assertTrue(sim.counters().retransmissions() >= 1);
  }

  @Test
  void takesASeparateResponseAfterAnEmptyAck() throws Exception {
    sim =
        DeviceSimulator.builder()
            .server((InetSocketAddress) peer.getLocalSocketAddress())
            .coapTiming(Duration.ofMillis(200), 3)
            .build();
    CompletableFuture<Void> started = sim.start();
    Request reg = (Request) receiveMessage();
    EmptyMessage ack = new EmptyMessage(Type.ACK);
    ack.setMID(reg.getMID());
    ack.setToken(Token.EMPTY);
    send(ack);
    Response created = new Response(ResponseCode.CREATED);
    created.setType(Type.CON);
    created.setMID(4242);
    created.setToken(reg.getToken());
    created.getOptions().setLocationPath("rd/9");
    send(created);
    Message emptyAck = receiveMessage(); // the device acknowledges the separate response
    assertEquals(Type.ACK, emptyAck.getType());
    assertEquals(4242, emptyAck.getMID());
    await(started);
    assertTrue(sim.device(sim.imeis().get(0).value()).orElseThrow().registered());
  }

  @Test
  void answersADuplicatedPackageUriWriteWithTheSameResponse() throws Exception {
    await(startAndRegister());
    int port = peer.getLocalPort();
    Request write = new Request(Code.PUT, Type.CON);
    write.setMID(77);
    write.setToken(Token.fromProvider(new byte[] {1, 2}));
    write.getOptions().setUriPath("5/0/1");
    write.getOptions().setContentFormat(0);
    write.setPayload("coap://127.0.0.1:" + port + "/fw/x?k=1");
    send(write);
    byte[] ack1 = receive();
    Response changed = (Response) parser.parseMessage(ack1);
    assertEquals(ResponseCode.CHANGED, changed.getCode());
    assertEquals(77, changed.getMID());
    Request get = (Request) receiveMessage(); // the first Block2 GET
    assertEquals("fw/x", get.getOptions().getUriPathString());
    assertEquals("k=1", get.getOptions().getUriQueryString());
    assertEquals(0, get.getOptions().getBlock2().getNum());
    send(write); // the server's retransmission: same MID, answered from the cache
    byte[] ack2 = receive();
    assertArrayEquals(ack1, ack2);

    byte[] bin =
        new EmulatedPackage(
                "BC35GJBR01A03", "BC35GJBR01A04", EmulatedPackage.Bytes.copyOf(new byte[40]))
            .encode();
    Response block = answer(get, ResponseCode.CONTENT);
    block.getOptions().setBlock2(get.getOptions().getBlock2().getSzx(), false, 0);
    block.getOptions().setSize2(bin.length);
    block.setPayload(bin);
    send(block);
    SimulatedDevice d = awaitState(FirmwareState.DOWNLOADED);
    assertEquals(bin.length, d.downloadedBytes());
  }

  @Test
  void countsMalformedDatagramsAndResetsAMalformedConfirmable() throws Exception {
    await(startAndRegister());
    // CON, token length 0, code GET, MID 0x1234, then an option delta of 15 (reserved: malformed)
    send(new byte[] {0x40, 0x01, 0x12, 0x34, (byte) 0xf0});
    Message rst = receiveMessage();
    assertEquals(Type.RST, rst.getType());
    assertEquals(0x1234, rst.getMID());
    send(new byte[] {0x01});
    // a CoAP ping after the garbage still gets its RST: the garbage was read and dropped
    send(new byte[] {0x40, 0x00, 0x00, 0x05});
    Message pong = receiveMessage();
    assertEquals(Type.RST, pong.getType());
    assertEquals(5, pong.getMID());
    assertEquals(2, sim.counters().malformed());
  }

  private SimulatedDevice awaitState(FirmwareState state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      SimulatedDevice d = sim.device(sim.imeis().get(0).value()).orElseThrow();
      if (d.state() == state) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("state " + state + " not reached: " + d);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
