package io.dfota.cli;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * A server-side interceptor (added with {@code Lwm2mServer.Builder.interceptor}) that records, per
 * peer, the Block2 numbers of the package GETs the server receives (retransmissions and duplicates
 * included) and counts the package payload bytes and datagrams it sends (retransmissions of
 * responses included).
 */
final class PackageMeter extends MessageInterceptorAdapter {
  private final Map<InetSocketAddress, List<Integer>> requested = new ConcurrentHashMap<>();
  final AtomicLong blockRequests = new AtomicLong();
  final AtomicLong blockResponses = new AtomicLong();
  final AtomicLong payloadBytesSent = new AtomicLong();
  final AtomicLong messagesSent = new AtomicLong();
  final AtomicLong messagesReceived = new AtomicLong();

  @Override
  public void receiveRequest(Request request) {
    messagesReceived.incrementAndGet();
    BlockOption b = request.getOptions().getBlock2();
    List<String> path = request.getOptions().getUriPath();
    if (request.getCode() == CoAP.Code.GET
        && b != null
        && !path.isEmpty()
        && path.get(0).equals("fw")) {
      blockRequests.incrementAndGet();
      List<Integer> seq =
          requested.computeIfAbsent(
              request.getSourceContext().getPeerAddress(), a -> new ArrayList<>());
      synchronized (seq) {
        seq.add(b.getNum());
      }
    }
  }

  @Override
  public void receiveResponse(Response response) {
    messagesReceived.incrementAndGet();
  }

  @Override
  public void sendRequest(Request request) {
    messagesSent.incrementAndGet();
  }

  @Override
  public void sendResponse(Response response) {
    messagesSent.incrementAndGet();
    if (response.getOptions().hasBlock2() && response.getCode() == CoAP.ResponseCode.CONTENT) {
      blockResponses.incrementAndGet();
      payloadBytesSent.addAndGet(response.getPayloadSize());
    }
  }

  /** The Block2 numbers each peer asked for, in arrival order. */
  Map<InetSocketAddress, List<Integer>> sequences() {
    Map<InetSocketAddress, List<Integer>> copy = new java.util.HashMap<>();
    requested.forEach(
        (a, seq) -> {
          synchronized (seq) {
            copy.put(a, List.copyOf(seq));
          }
        });
    return copy;
  }

  /**
   * Counts the peers whose block numbers ever went back to an earlier block (a download restarted
   * instead of resumed).
   */
  long restartedDownloads() {
    return sequences().values().stream().filter(PackageMeter::goesBack).count();
  }

  /** Counts the peers that asked for some block more than once (loss, duplicate, retry). */
  long peersWithRepeatedBlocks() {
    return sequences().values().stream()
        .filter(s -> s.stream().distinct().count() < s.size())
        .count();
  }

  private static boolean goesBack(List<Integer> seq) {
    for (int i = 1; i < seq.size(); i++) {
      if (seq.get(i) < seq.get(i - 1)) {
        return true;
      }
    }
    return false;
  }
}
