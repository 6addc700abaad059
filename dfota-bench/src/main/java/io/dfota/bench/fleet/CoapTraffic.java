package io.dfota.bench.fleet;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.CoapStackFactory;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.Outbox;
import org.jspecify.annotations.Nullable;

/**
 * Counts the CoAP messages every endpoint of this JVM sends, by role, through Californium's default
 * {@link CoapStackFactory} hook: each endpoint's outbox is wrapped, so a message is counted once
 * per transmission (RFC 7252 §4.2 retransmissions included), with its serialized size, after the
 * endpoint serialized it. The role comes from the endpoint's logging tag: {@code lwm2m-server} (the
 * platform), {@code client-<imei>} (dfota-lwm2m clients), {@code baseline-server} and {@code
 * baseline-client-<i>} (the bare Californium baseline).
 */
final class CoapTraffic {

  /** Who sent a message. */
  enum Role {
    PLATFORM_SERVER,
    PLATFORM_DEVICES,
    BASELINE_SERVER,
    BASELINE_DEVICES,
    OTHER
  }

  /** What one role sent since the last reset. */
  record Snapshot(
      long messages,
      long bytes,
      long retransmissions,
      long block2Responses,
      long block2PayloadBytes,
      long firstBlockNanos,
      long lastBlockNanos) {

    /** Returns the time between the first and the last Block2 response, in seconds. */
    double blockWindowSeconds() {
      if (block2Responses == 0 || lastBlockNanos <= firstBlockNanos) {
        return 0;
      }
      return (lastBlockNanos - firstBlockNanos) / 1e9;
    }
  }

  private static final class Counters {
    final LongAdder messages = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder retransmissions = new LongAdder();
    final LongAdder block2 = new LongAdder();
    final LongAdder block2Payload = new LongAdder();
    final AtomicLong firstBlock = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastBlock = new AtomicLong(Long.MIN_VALUE);

    void reset() {
      messages.reset();
      bytes.reset();
      retransmissions.reset();
      block2.reset();
      block2Payload.reset();
      firstBlock.set(Long.MAX_VALUE);
      lastBlock.set(Long.MIN_VALUE);
    }

    Snapshot snapshot() {
      return new Snapshot(
          messages.sum(),
          bytes.sum(),
          retransmissions.sum(),
          block2.sum(),
          block2Payload.sum(),
          firstBlock.get(),
          lastBlock.get());
    }
  }

  private static final Map<Role, Counters> COUNTERS = new EnumMap<>(Role.class);

  static {
    for (Role r : Role.values()) {
      COUNTERS.put(r, new Counters());
    }
  }

  private static @Nullable Boolean installed;

  private CoapTraffic() {}

  /**
   * Installs the counting stack factory as Californium's default, once per JVM, before any endpoint
   * is created.
   *
   * @return false when another default factory was set first (the counts then stay at zero)
   */
  // CoapStackFactory is deprecated in Californium 3 without a JVM-wide replacement; the endpoints
  // the benchmark measures are built inside dfota-lwm2m, so a per-endpoint hook cannot reach them
  @SuppressWarnings("deprecation")
  static synchronized boolean install() {
    if (installed == null) {
      CoapStackFactory counting =
          (protocol, tag, config, outbox, argument) ->
              CoapEndpoint.STANDARD_COAP_STACK_FACTORY.createCoapStack(
                  protocol, tag, config, new CountingOutbox(outbox, roleOf(tag)), argument);
      try {
        CoapEndpoint.setDefaultCoapStackFactory(counting);
        installed = true;
      } catch (IllegalStateException e) {
        installed = false;
      }
    }
    return installed;
  }

  /** Zeroes the counters of every role. */
  static void reset() {
    COUNTERS.values().forEach(Counters::reset);
  }

  static Snapshot snapshot(Role role) {
    return COUNTERS.get(role).snapshot();
  }

  static Role roleOf(String tag) {
    if (tag.contains("baseline-server")) {
      return Role.BASELINE_SERVER;
    }
    if (tag.contains("baseline-client")) {
      return Role.BASELINE_DEVICES;
    }
    if (tag.contains("lwm2m-server")) {
      return Role.PLATFORM_SERVER;
    }
    if (tag.contains("client-")) {
      return Role.PLATFORM_DEVICES;
    }
    return Role.OTHER;
  }

  /** Forwards to the endpoint's outbox, then counts what was serialized and sent. */
  private static final class CountingOutbox implements Outbox {
    private final Outbox delegate;
    private final Counters counters;

    CountingOutbox(Outbox delegate, Role role) {
      this.delegate = delegate;
      this.counters = COUNTERS.get(role);
    }

    @Override
    public void sendRequest(Exchange exchange, Request request) {
      delegate.sendRequest(exchange, request);
      count(exchange, request);
    }

    @Override
    public void sendResponse(Exchange exchange, Response response) {
      delegate.sendResponse(exchange, response);
      count(exchange, response);
      if (response.getCode() == CoAP.ResponseCode.CONTENT && response.getOptions().hasBlock2()) {
        long now = System.nanoTime();
        counters.block2.increment();
        counters.block2Payload.add(response.getPayloadSize());
        counters.firstBlock.accumulateAndGet(now, Math::min);
        counters.lastBlock.accumulateAndGet(now, Math::max);
      }
    }

    @Override
    public void sendEmptyMessage(Exchange exchange, EmptyMessage message) {
      delegate.sendEmptyMessage(exchange, message);
      count(exchange, message);
    }

    private void count(@Nullable Exchange exchange, Message message) {
      counters.messages.increment();
      byte[] bytes = message.getBytes();
      if (bytes != null) {
        counters.bytes.add(bytes.length);
      }
      // the reliability layer counts a failed transmission before it sends the message again
      if (exchange != null
          && message.getType() == CoAP.Type.CON
          && exchange.getFailedTransmissionCount() > 0) {
        counters.retransmissions.increment();
      }
    }
  }
}
