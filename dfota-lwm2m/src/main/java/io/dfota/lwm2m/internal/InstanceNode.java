package io.dfota.lwm2m.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/** An LwM2M object instance ({@code /<object>/<instance>}): a read returns TLV of its resources. */
final class InstanceNode extends CoapResource {

  InstanceNode(int id) {
    super(Integer.toString(id));
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    int accept = exchange.getRequestOptions().getAccept();
    if (accept != MediaTypeRegistry.UNDEFINED && accept != 11542) {
      exchange.respond(ResponseCode.NOT_ACCEPTABLE);
      return;
    }
    List<byte[]> parts = new ArrayList<>();
    for (Resource r : getChildren()) {
      if (r instanceof LeafNode leaf && leaf.readable()) {
        Optional<byte[]> tlv = leaf.tlv();
        tlv.ifPresent(parts::add);
      }
    }
    Response response = new Response(ResponseCode.CONTENT);
    response.setPayload(Tlv.concat(parts));
    response.getOptions().setContentFormat(11542);
    exchange.respond(response);
  }
}
