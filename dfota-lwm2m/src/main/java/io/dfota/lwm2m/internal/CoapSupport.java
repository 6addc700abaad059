package io.dfota.lwm2m.internal;

import io.dfota.core.FotaOperationException;
import io.dfota.core.FotaOperationException.Failure;
import io.dfota.core.Scheduler;
import io.dfota.lwm2m.CoapTiming;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/** Californium plumbing shared by the client and the server: configuration and request futures. */
public final class CoapSupport {
  private CoapSupport() {}

  /**
   * Builds a per-endpoint Californium configuration in code (no properties file is read or
   * written). Transparent block-wise handling is switched off (maximum resource body size 0): the
   * package server and the downloader handle Block2 themselves, block by block.
   *
   * @param ackTimeout the initial CoAP ACK timeout
   * @param maxRetransmit the number of CON retransmissions
   * @param protocolThreads the protocol-stage threads; 1 keeps the messages of a peer in order (a
   *     NON notification processed before the response that established its observation is dropped
   *     by Californium)
   * @return the configuration
   */
  public static Configuration configuration(
      Duration ackTimeout, int maxRetransmit, int protocolThreads) {
    return configuration(CoapTiming.of(ackTimeout, maxRetransmit), protocolThreads);
  }

  /**
   * Builds a per-endpoint Californium configuration in code from a {@link CoapTiming} (RFC 7252
   * §4.8): ACK_TIMEOUT, ACK_INIT_RANDOM (ACK_RANDOM_FACTOR), MAX_ACK_TIMEOUT, MAX_RETRANSMIT,
   * NSTART, EXCHANGE_LIFETIME, NON_LIFETIME, MAX_TRANSMIT_WAIT and BLOCKWISE_STATUS_LIFETIME.
   * Transparent block-wise handling is switched off (maximum resource body size 0): the package
   * server and the downloader handle Block2 themselves, block by block.
   *
   * @param timing the CoAP transmission parameters
   * @param protocolThreads the protocol-stage threads (see the other overload)
   * @return the configuration
   */
  public static Configuration configuration(CoapTiming timing, int protocolThreads) {
    Configuration c = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
    c.set(CoapConfig.ACK_TIMEOUT, timing.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    c.set(CoapConfig.MAX_ACK_TIMEOUT, timing.maxAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
    c.set(CoapConfig.ACK_INIT_RANDOM, (float) timing.ackRandomFactor());
    c.set(CoapConfig.MAX_RETRANSMIT, timing.maxRetransmit());
    c.set(CoapConfig.NSTART, timing.nstart());
    c.set(
        CoapConfig.EXCHANGE_LIFETIME, timing.exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
    c.set(CoapConfig.NON_LIFETIME, timing.nonLifetime().toMillis(), TimeUnit.MILLISECONDS);
    c.set(CoapConfig.MAX_TRANSMIT_WAIT, timing.maxTransmitWait().toMillis(), TimeUnit.MILLISECONDS);
    c.set(
        CoapConfig.BLOCKWISE_STATUS_LIFETIME,
        timing.blockwiseStatusLifetime().toMillis(),
        TimeUnit.MILLISECONDS);
    c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
    c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, protocolThreads);
    // one receiver and one sender thread keep datagrams in order on both sides
    c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    c.set(CoapConfig.RESPONSE_MATCHING, CoapConfig.MatcherMode.RELAXED);
    return c;
  }

  /**
   * Sends a request and returns its response; failures complete the future with a {@link
   * FotaOperationException}.
   *
   * @param endpoint the CoAP endpoint
   * @param request the request, with its destination set
   * @param scheduler the scheduler for the overall timeout
   * @param timeout the overall timeout
   * @param what a description for error messages
   * @return the response (any code)
   */
  public static CompletableFuture<Response> send(
      Endpoint endpoint, Request request, Scheduler scheduler, Duration timeout, String what) {
    CompletableFuture<Response> f = new CompletableFuture<>();
    request.addMessageObserver(
        new MessageObserverAdapter() {
          @Override
          public void onResponse(Response response) {
            f.complete(response);
          }

          @Override
          public void onTimeout() {
            f.completeExceptionally(
                new FotaOperationException(Failure.TIMEOUT, what + ": no CoAP response"));
          }

          @Override
          public void onReject() {
            f.completeExceptionally(
                new FotaOperationException(Failure.REJECTED, what + ": rejected with RST"));
          }

          @Override
          public void onCancel() {
            f.completeExceptionally(
                new FotaOperationException(Failure.CANCELLED, what + ": cancelled"));
          }

          @Override
          protected void failed() {
            f.completeExceptionally(
                new FotaOperationException(Failure.UNREACHABLE, what + ": send failed"));
          }
        });
    Scheduler.Cancellable timer =
        scheduler.schedule(
            timeout,
            () -> {
              if (f.completeExceptionally(
                  new FotaOperationException(
                      Failure.TIMEOUT, what + ": no response within " + timeout))) {
                request.cancel();
              }
            });
    f.whenComplete((r, e) -> timer.cancel());
    try {
      endpoint.sendRequest(request);
    } catch (RuntimeException e) {
      f.completeExceptionally(
          new FotaOperationException(Failure.UNREACHABLE, what + ": " + e.getMessage(), e));
    }
    return f;
  }
}
