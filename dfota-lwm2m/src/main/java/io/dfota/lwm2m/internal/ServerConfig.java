package io.dfota.lwm2m.internal;

import io.dfota.core.Scheduler;
import io.dfota.lwm2m.CoapTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of a server, produced by {@link io.dfota.lwm2m.Lwm2mServer.Builder}.
 *
 * @param local bind address
 * @param publicHost host for Package URIs, or null for the bound address
 * @param scheduler scheduler, or null for a private one
 * @param ackTimeout CoAP ACK timeout
 * @param maxRetransmit CoAP retransmissions
 * @param operationTimeout timeout of one device operation
 * @param expiryGrace grace after the lifetime
 * @param maxBlockSize largest Block2 size served
 * @param maxRegistrations registry limit
 * @param observeUplink whether to observe /19/0/0 on registration
 * @param protocolThreads Californium protocol-stage threads
 * @param coapTiming the CoAP transmission parameters (ackTimeout and maxRetransmit repeat two)
 * @param interceptors Californium message interceptors added to the endpoint
 */
public record ServerConfig(
    InetSocketAddress local,
    @Nullable String publicHost,
    @Nullable Scheduler scheduler,
    Duration ackTimeout,
    int maxRetransmit,
    Duration operationTimeout,
    Duration expiryGrace,
    int maxBlockSize,
    int maxRegistrations,
    boolean observeUplink,
    int protocolThreads,
    CoapTiming coapTiming,
    List<MessageInterceptor> interceptors) {
  /** Copies the interceptor list. */
  public ServerConfig {
    interceptors = List.copyOf(interceptors);
  }
}
