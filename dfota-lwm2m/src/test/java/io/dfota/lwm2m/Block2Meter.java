package io.dfota.lwm2m;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * A server-side interceptor that records the Block2 numbers of the package GETs the server receives
 * (retransmissions and duplicates included), counts the package payload bytes it sends, and can
 * suppress the responses to chosen blocks (a loss on the downlink).
 */
final class Block2Meter extends MessageInterceptorAdapter {
  final List<Integer> requested = new CopyOnWriteArrayList<>();
  final AtomicLong payloadBytesSent = new AtomicLong();
  final AtomicLong responsesSuppressed = new AtomicLong();
  volatile IntPredicate suppress = n -> false;

  @Override
  public void receiveRequest(org.eclipse.californium.core.coap.Request request) {
    BlockOption b = request.getOptions().getBlock2();
    if (request.getCode() == CoAP.Code.GET && b != null && isPackage(request.getOptions())) {
      requested.add(b.getNum());
    }
  }

  @Override
  public void sendResponse(Response response) {
    BlockOption b = response.getOptions().getBlock2();
    if (b == null || response.getCode() != CoAP.ResponseCode.CONTENT) {
      return;
    }
    if (suppress.test(b.getNum())) {
      responsesSuppressed.incrementAndGet();
      response.cancel();
      return;
    }
    payloadBytesSent.addAndGet(response.getPayloadSize());
  }

  private static boolean isPackage(org.eclipse.californium.core.coap.OptionSet options) {
    List<String> path = options.getUriPath();
    return !path.isEmpty() && path.get(0).equals("fw");
  }
}
