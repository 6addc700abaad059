package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.DfotaException;
import io.dfota.lwm2m.internal.FaultInjectingConnector;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.junit.jupiter.api.Test;

class LinkFaultsTest {

  /** A connector that records what it is asked to send. */
  private static final class Recorder implements Connector {
    final List<RawData> sent = new CopyOnWriteArrayList<>();
    final java.util.concurrent.BlockingQueue<RawData> arrivals =
        new java.util.concurrent.LinkedBlockingQueue<>();
    RawDataChannel receiver;

    @Override
    public void start() {}

    @Override
    public void stop() {}

    @Override
    public void destroy() {}

    @Override
    public void send(RawData msg) {
      sent.add(msg);
      arrivals.add(msg);
    }

    @Override
    public void setRawDataReceiver(RawDataChannel r) {
      receiver = r;
    }

    @Override
    public void setEndpointContextMatcher(EndpointContextMatcher m) {}

    @Override
    public InetSocketAddress getAddress() {
      return new InetSocketAddress("127.0.0.1", 5683);
    }

    @Override
    public String getProtocol() {
      return "UDP";
    }

    @Override
    public boolean isRunning() {
      return true;
    }

    @Override
    public void processDatagram(DatagramPacket p) {}
  }

  private static RawData datagram(int i, AtomicInteger onSent) {
    return RawData.outbound(
        new byte[] {(byte) i},
        new AddressEndpointContext(new InetSocketAddress("127.0.0.1", 5684)),
        new MessageCallback() {
          @Override
          public void onConnecting() {}

          @Override
          public void onDtlsRetransmission(int flight) {}

          @Override
          public void onContextEstablished(org.eclipse.californium.elements.EndpointContext c) {}

          @Override
          public void onSent() {
            onSent.incrementAndGet();
          }

          @Override
          public void onError(Throwable error) {}
        },
        false);
  }

  private static List<Integer> dropPattern(long seed) {
    Recorder r = new Recorder();
    FaultInjectingConnector c = LinkFaults.builder().drop(0.3).seed(seed).build().wrap(r);
    AtomicInteger lost = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      c.send(datagram(i, lost));
    }
    List<Integer> delivered = new ArrayList<>();
    for (RawData d : r.sent) {
      delivered.add(d.getBytes()[0] & 0xff);
    }
    assertEquals(200, delivered.size() + c.stats().dropped());
    assertEquals(c.stats().dropped(), lost.get(), "a lost datagram still counts as sent");
    c.destroy();
    return delivered;
  }

  @Test
  void sameSeedLosesTheSameDatagrams() {
    List<Integer> a = dropPattern(42);
    assertEquals(a, dropPattern(42));
    assertTrue(a.size() > 100 && a.size() < 180, "about 30 % lost: " + (200 - a.size()));
    assertTrue(!a.equals(dropPattern(43)), "another seed, another pattern");
  }

  @Test
  void perfectLinkDeliversEverythingInOrderAtOnce() {
    Recorder r = new Recorder();
    FaultInjectingConnector c = LinkFaults.NONE.wrap(r);
    for (int i = 0; i < 10; i++) {
      c.send(datagram(i, new AtomicInteger()));
    }
    assertEquals(10, r.sent.size());
    for (int i = 0; i < 10; i++) {
      assertEquals(i, r.sent.get(i).getBytes()[0]);
    }
    c.destroy();
  }

  @Test
  void duplicatesAndDelaysReachTheReceiverLater() throws InterruptedException {
    Recorder r = new Recorder();
    FaultInjectingConnector c =
        LinkFaults.builder()
            .duplicate(1.0)
            .delay(Duration.ofMillis(5), Duration.ofMillis(10))
            .build()
            .wrap(r);
    CountDownLatch got = new CountDownLatch(6);
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    c.setRawDataReceiver(
        d -> {
          arrivals.add(System.nanoTime());
          got.countDown();
        });
    long sentAt = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      r.receiver.receiveData(
          RawData.inbound(
              new byte[] {(byte) i},
              new AddressEndpointContext(new InetSocketAddress("127.0.0.1", 5684)),
              false,
              System.nanoTime(),
              new InetSocketAddress("127.0.0.1", 5683)));
    }
    assertTrue(got.await(10, TimeUnit.SECONDS));
    assertEquals(3, c.stats().duplicated());
    for (long at : arrivals) {
      assertTrue(at - sentAt >= Duration.ofMillis(5).toNanos(), "arrived before its delay");
    }
    c.destroy();
  }

  @Test
  void heldBackDatagramLeavesEvenWhenNothingOvertakesIt() throws InterruptedException {
    Recorder r = new Recorder();
    FaultInjectingConnector c = LinkFaults.builder().reorder(1.0).build().wrap(r);
    c.send(datagram(7, new AtomicInteger()));
    RawData late = r.arrivals.poll(10, TimeUnit.SECONDS);
    assertEquals(7, late == null ? -1 : late.getBytes()[0]);
    assertEquals(1, c.stats().reordered());
    c.destroy();
  }

  @Test
  void settingsOutsideTheirRangesAreRefused() {
    assertThrows(DfotaException.class, () -> LinkFaults.builder().drop(1.5).build());
    assertThrows(
        DfotaException.class,
        () -> LinkFaults.builder().delay(Duration.ofSeconds(2), Duration.ofSeconds(1)).build());
    assertThrows(DfotaException.class, () -> LinkFaults.builder().rate(-1).build());
  }
}
