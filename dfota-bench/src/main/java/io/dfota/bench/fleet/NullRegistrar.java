package io.dfota.bench.fleet;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;

/**
 * A registration interface that keeps nothing (protocol-notes §4.1): {@code POST /rd} gets 2.01
 * with a new {@code Location-Path}, an update 2.04, a de-registration 2.02. The benchmark registers
 * the same N clients here first, so that the heap the clients themselves hold can be subtracted
 * from the platform's heap per registered device.
 */
final class NullRegistrar implements AutoCloseable {
  private final CoapServer server;
  private final CoapEndpoint endpoint;

  NullRegistrar(Configuration config) {
    server = new CoapServer(config);
    endpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .setLoggingTag("null-registrar")
            .build();
    server.addEndpoint(endpoint);
    server.add(new Rd());
    server.start();
  }

  InetSocketAddress address() {
    return endpoint.getAddress();
  }

  @Override
  public void close() {
    server.destroy();
  }

  /** {@code /rd} and every {@code /rd/<id>} below it. */
  private static final class Rd extends CoapResource {
    private final AtomicInteger next = new AtomicInteger();

    Rd() {
      super("rd");
    }

    @Override
    public Resource getChild(String name) {
      return this;
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      if (exchange.getRequestOptions().getUriPath().size() > 1) {
        exchange.respond(ResponseCode.CHANGED);
        return;
      }
      exchange.setLocationPath("rd/" + next.incrementAndGet());
      exchange.respond(ResponseCode.CREATED);
    }

    @Override
    public void handleDELETE(CoapExchange exchange) {
      exchange.respond(ResponseCode.DELETED);
    }
  }
}
