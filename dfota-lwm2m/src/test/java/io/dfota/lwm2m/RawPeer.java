package io.dfota.lwm2m;

import io.dfota.core.Scheduler;
import io.dfota.lwm2m.internal.CoapSupport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;

/** A scripted CoAP peer for tests: a Californium endpoint, or raw datagrams. */
final class RawPeer implements AutoCloseable {
  private final CoapEndpoint endpoint;
  private final InetSocketAddress server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  RawPeer(InetSocketAddress server) throws IOException {
    this(server, InetAddress.getLoopbackAddress());
  }

  /** A peer on another loopback host (for example 127.0.0.2, another device's host). */
  RawPeer(InetSocketAddress server, InetAddress host) throws IOException {
    this.server = server;
    this.endpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(CoapSupport.configuration(Duration.ofMillis(300), 3, 1))
            .setInetSocketAddress(new InetSocketAddress(host, 0))
            .build();
    endpoint.start();
  }

  /** Sends a request to the server and waits for the response. */
  Response send(Request req) {
    req.setDestinationContext(new AddressEndpointContext(server));
    return Loopback.await(
        CoapSupport.send(endpoint, req, Scheduler.of(timer), Duration.ofSeconds(5), "test"));
  }

  /** This peer's address. */
  InetSocketAddress address() {
    return endpoint.getAddress();
  }

  /** Registers this peer as a device. */
  void register(String ep) {
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd").addUriQuery("ep=" + ep).addUriQuery("b=U");
    req.getOptions().setContentFormat(40);
    req.setPayload("</>;rt=\"oma.lwm2m\",</3/0>");
    if (send(req).getCode() != ResponseCode.CREATED) {
      throw new AssertionError("registration refused");
    }
  }

  /**
   * Sends a raw datagram from this peer's address (the endpoint is paused meanwhile); returns the
   * response datagram, if any.
   */
  Optional<byte[]> rawExchange(byte[] datagram) throws IOException {
    InetSocketAddress own = endpoint.getAddress();
    endpoint.stop();
    try {
      return rawExchange(own, server, datagram, 1000);
    } finally {
      endpoint.start();
    }
  }

  /** Sends a raw datagram from a given local address; returns the response datagram, if any. */
  static Optional<byte[]> rawExchange(
      InetSocketAddress local, InetSocketAddress server, byte[] datagram, int timeoutMillis)
      throws IOException {
    try (DatagramSocket s = new DatagramSocket(local)) {
      s.setSoTimeout(timeoutMillis);
      s.send(new DatagramPacket(datagram, datagram.length, server));
      byte[] buf = new byte[2048];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      byte[] out = new byte[p.getLength()];
      System.arraycopy(buf, 0, out, 0, out.length);
      return Optional.of(out);
    }
  }

  @Override
  public void close() {
    endpoint.destroy();
    timer.shutdownNow();
  }
}
