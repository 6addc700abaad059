package io.dfota.lwm2m;

import static io.dfota.lwm2m.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code /5/0/3} notifications are confirmable and re-sent until acknowledged (protocol-notes
 * §3.2, P10): an observer that never ACKs sees the same notification again, then the relation ends.
 */
class NotificationRetransmissionTest {

  @Test
  void unacknowledgedStateNotificationIsResent() throws Exception {
    try (Lwm2mServer server = Loopback.server().build()) {
      server.start();
      Loopback.Events events = new Loopback.Events();
      try (Lwm2mClient client = Loopback.client(server, "ep-retx").listener(events).build();
          DatagramSocket observer =
              new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        await(client.start());
        observer.setSoTimeout(1500);
        // CON GET /5/0/3, Observe:0, token 0x7A, MID 0x0101
        byte[] get = {0x41, 0x01, 0x01, 0x01, 0x7A, 0x60, 0x51, '5', 0x01, '0', 0x01, '3'};
        observer.send(new DatagramPacket(get, get.length, client.localAddress()));
        byte[] first = receive(observer);
        assertEquals(2, (first[0] >> 4) & 0x03, "piggy-backed ACK");
        events.awaitEvent("fotaObserved");

        // an unsupported scheme: IDLE -> DOWNLOADING -> IDLE, each a CON notification
        await(server.write("ep-retx", "/5/0/1", Lwm2mContent.text("ftp://x/y")));
        Map<Integer, Integer> copiesByMid = new HashMap<>();
        List<Integer> types = new ArrayList<>();
        while (true) {
          byte[] d;
          try {
            d = receive(observer);
          } catch (SocketTimeoutException e) {
            break;
          }
          if (d[4] != 0x7A) {
            continue;
          }
          types.add((d[0] >> 4) & 0x03);
          copiesByMid.merge(((d[2] & 0xFF) << 8) | (d[3] & 0xFF), 1, Integer::sum);
        }
        assertTrue(types.stream().allMatch(t -> t == 0), "all notifications CON: " + types);
        assertTrue(
            copiesByMid.values().stream().anyMatch(n -> n >= 2),
            "a notification was re-sent: " + copiesByMid);
        events.awaitEvent("fotaCancelled");
      }
    }
  }

  private static byte[] receive(DatagramSocket s) throws Exception {
    byte[] buf = new byte[1500];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    s.receive(p);
    byte[] out = new byte[p.getLength()];
    System.arraycopy(buf, 0, out, 0, out.length);
    return out;
  }
}
