package io.dfota.lwm2m;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;

/** A device that registers from a raw UDP socket and then never answers anything. */
final class SilentDevice implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private final String ep;

  SilentDevice(InetSocketAddress server, String ep) throws IOException {
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.server = server;
    this.ep = ep;
  }

  void register() throws IOException {
    Request req = Request.newPost();
    req.setType(CoAP.Type.NON);
    req.setMID(4711);
    req.setToken(Token.fromProvider(new byte[] {1, 2, 3, 4}));
    req.setDestinationContext(new AddressEndpointContext(server));
    req.getOptions().setUriPath("rd");
    req.getOptions().addUriQuery("ep=" + ep).addUriQuery("lt=300").addUriQuery("b=U");
    req.getOptions().setContentFormat(40);
    req.setPayload("</>;rt=\"oma.lwm2m\",</3/0>,</5/0>".getBytes(StandardCharsets.US_ASCII));
    RawData raw = new UdpDataSerializer().serializeRequest(req);
    socket.send(new DatagramPacket(raw.getBytes(), raw.getSize(), server));
  }

  @Override
  public void close() {
    socket.close();
  }
}
