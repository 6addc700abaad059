package io.dfota.emulator.internal;

import io.dfota.emulator.EmulatorException;
import io.dfota.lwm2m.LinkFaults;
import io.dfota.lwm2m.LinkStats;
import io.dfota.lwm2m.internal.FaultInjectingConnector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.jspecify.annotations.Nullable;

/**
 * A UDP relay on loopback between one emulated module's LwM2M client and the server: the emulated
 * NB-IoT radio link. Datagrams both ways pass through dfota-lwm2m's {@link LinkFaults} (loss,
 * latency, duplication, reordering, rate), and none pass while the module has no power.
 *
 * <p>The client registers through the relay, so every exchange the platform starts (reads,
 * observations, writes, executes) and every notification and uplink crosses it. The Block2 download
 * goes to the host and port in the Package URI, which is the server itself.
 */
final class LinkRelay {
  private final InetSocketAddress server;
  private final FaultInjectingConnector deviceSide;
  private final UDPConnector serverSide;
  private volatile @Nullable InetSocketAddress device;
  private volatile boolean down;

  LinkRelay(InetSocketAddress server, LinkFaults faults) {
    this.server = server;
    Configuration cfg = new Configuration(UdpConfig.DEFINITIONS);
    cfg.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    cfg.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    this.deviceSide = faults.wrap(new UDPConnector(any, cfg));
    this.serverSide = new UDPConnector(any, cfg);
    deviceSide.setRawDataReceiver(
        raw -> {
          device = raw.getInetSocketAddress();
          if (!down) {
            serverSide.send(
                RawData.outbound(raw.getBytes(), new AddressEndpointContext(server), null, false));
          }
        });
    serverSide.setRawDataReceiver(
        raw -> {
          InetSocketAddress d = device;
          if (d != null && !down) {
            deviceSide.send(
                RawData.outbound(
                    rewrite(raw.getBytes()), new AddressEndpointContext(d), null, false));
          }
        });
    try {
      deviceSide.start();
      serverSide.start();
    } catch (IOException e) {
      stop();
      throw new EmulatorException("link relay to " + server + ": cannot bind on loopback", e);
    }
  }

  /** Rewrites the server's authority in a text/plain Package URI write to the relay's. */
  private byte[] rewrite(byte[] datagram) {
    try {
      Message m = new UdpDataParser().parseMessage(datagram);
      if (!(m instanceof Request r)
          || r.getCode() != CoAP.Code.PUT && r.getCode() != CoAP.Code.POST
          || !"5/0/1".equals(r.getOptions().getUriPathString())
          || r.getOptions().getContentFormat() != MediaTypeRegistry.TEXT_PLAIN) {
        return datagram;
      }
      String uri = r.getPayloadString();
      InetSocketAddress me = address();
      String mine = "//" + me.getAddress().getHostAddress() + ":" + me.getPort();
      String out = uri;
      for (String host :
          new String[] {server.getHostString(), server.getAddress().getHostAddress()}) {
        out = out.replace("//" + host + ":" + server.getPort(), mine);
      }
      if (out.equals(uri)) {
        return datagram;
      }
      r.setPayload(out);
      return new UdpDataSerializer().getByteArray(r);
    } catch (RuntimeException e) {
      return datagram;
    }
  }

  /** The address the client sends to (its "server"). */
  InetSocketAddress address() {
    return deviceSide.getAddress();
  }

  /** What the link did so far (faults injected, both directions). */
  LinkStats stats() {
    return deviceSide.linkStats();
  }

  /** The server the relay forwards to. */
  InetSocketAddress server() {
    return server;
  }

  /**
   * Drops every datagram (no power) or lets them pass again.
   *
   * @param down true while the module has no power
   */
  void down(boolean down) {
    this.down = down;
  }

  void stop() {
    deviceSide.destroy();
    serverSide.destroy();
  }
}
