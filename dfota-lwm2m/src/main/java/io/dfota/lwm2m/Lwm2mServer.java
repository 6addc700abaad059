package io.dfota.lwm2m;

import io.dfota.core.FotaFleet;
import io.dfota.core.Scheduler;
import io.dfota.lwm2m.internal.ServerConfig;
import io.dfota.lwm2m.internal.ServerImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * The platform role: an LwM2M 1.0 server over CoAP/UDP with the Registration Interface, device
 * management operations, observations and the Block2 package server on the same endpoint
 * (protocol-notes §3.4, §4.1, §4.2). {@link #fleet()} is the {@link FotaFleet} the campaign engine
 * drives.
 *
 * <p>Operations return futures that fail with {@link io.dfota.core.FotaOperationException}:
 * UNREACHABLE when the device is not registered, REJECTED with the CoAP code, TIMEOUT.
 */
public interface Lwm2mServer extends AutoCloseable {

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Binds the UDP endpoint. */
  void start();

  /** Closes the endpoint and cancels the registry's timers. */
  void stop();

  @Override
  default void close() {
    stop();
  }

  /**
   * Returns the bound address.
   *
   * @return the address
   */
  InetSocketAddress localAddress();

  /**
   * Returns the registry of devices.
   *
   * @return the registry
   */
  DeviceRegistry registry();

  /**
   * Returns the FOTA view of this server for the campaign engine.
   *
   * @return the fleet
   */
  FotaFleet fleet();

  /**
   * Reads a resource or instance ({@code GET}).
   *
   * @param endpoint the device
   * @param path for example {@code /3/0/3}
   * @param accept the Content-Format asked for, or null to let the device choose
   * @return the content
   */
  CompletableFuture<Lwm2mContent> read(
      String endpoint, String path, @Nullable ContentFormat accept);

  /**
   * Writes a resource ({@code PUT}).
   *
   * @param endpoint the device
   * @param path for example {@code /5/0/1}
   * @param value the value
   * @return completes on 2.04
   */
  CompletableFuture<Void> write(String endpoint, String path, Lwm2mContent value);

  /**
   * Executes a resource ({@code POST}).
   *
   * @param endpoint the device
   * @param path for example {@code /5/0/2}
   * @return completes on 2.04
   */
  CompletableFuture<Void> execute(String endpoint, String path);

  /**
   * Observes a resource. The observation survives the device's re-registration (P9).
   *
   * @param endpoint the device
   * @param path for example {@code /5/0/3}
   * @param onNotify receives each notification after the first response
   * @return the observation
   */
  CompletableFuture<Observation> observe(
      String endpoint, String path, Consumer<Lwm2mContent> onNotify);

  /**
   * Cancels an observation proactively ({@code GET} with {@code Observe:1}).
   *
   * @param observation the observation
   * @return completes when the device answered
   */
  CompletableFuture<Void> cancelObservation(Observation observation);

  /**
   * Writes downlink data to {@code /19/1/0} (CON PUT, opaque; protocol-notes §4.1).
   *
   * @param endpoint the device
   * @param data the payload
   * @return completes on 2.04
   */
  CompletableFuture<Void> writeDownlink(String endpoint, byte[] data);

  /** Builds a {@link Lwm2mServer}. */
  final class Builder {
    private InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private @Nullable String publicHost;
    private @Nullable Scheduler scheduler;
    private Duration ackTimeout = Duration.ofSeconds(2);
    private int maxRetransmit = 4;
    private Duration operationTimeout = Duration.ofSeconds(93);
    private Duration expiryGrace = Duration.ofSeconds(15);
    private int maxBlockSize = 1024;
    private int maxRegistrations = 100_000;
    private boolean observeUplink = true;
    private int protocolThreads = 1;
    private @Nullable SecurityStore security;
    private CoapTiming timing = CoapTiming.of(ackTimeout, maxRetransmit);
    private boolean operationTimeoutSet;
    private final List<MessageInterceptor> interceptors = new ArrayList<>();

    private Builder() {}

    /**
     * Serves LwM2M over DTLS 1.2 with PSK (CoAPS) instead of plain CoAP, as modules with {@code
     * AT+QSECSWT=1} expect (protocol-notes §2.3 "Other"; the port is still the bound one, 5684 by
     * convention). Cipher suites TLS_PSK_WITH_AES_128_CCM_8 and TLS_PSK_WITH_AES_128_CBC_SHA256. A
     * handshake with an unknown identity or the wrong key fails; an authenticated device may only
     * register, update and de-register the endpoint its identity maps to (4.03 otherwise). Package
     * URIs become {@code coaps://}.
     *
     * @param store the identities, endpoints and keys
     * @return this builder
     */
    public Builder dtls(SecurityStore store) {
      this.security = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the address to bind; default loopback, port from the OS.
     *
     * @param local the address
     * @return this builder
     */
    public Builder localAddress(InetSocketAddress local) {
      this.local = Objects.requireNonNull(local, "local");
      return this;
    }

    /**
     * Sets the host written into Package URIs; default the bound address.
     *
     * @param host a host name or IP literal
     * @return this builder
     */
    public Builder publicHost(String host) {
      this.publicHost = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Sets the scheduler for registration expiry and operation timeouts; default a private one.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the CoAP ACK timeout and retransmission count; default 2 s and 4.
     *
     * @param ackTimeout the initial ACK timeout
     * @param maxRetransmit 0 to 10
     * @return this builder
     */
    public Builder coapTiming(Duration ackTimeout, int maxRetransmit) {
      if (maxRetransmit < 0 || maxRetransmit > 10) {
        throw new Lwm2mException("maxRetransmit: " + maxRetransmit + " (expected: 0..10)");
      }
      return coapTiming(
          CoapTiming.of(Objects.requireNonNull(ackTimeout, "ackTimeout"), maxRetransmit));
    }

    /**
     * Sets all CoAP transmission parameters (RFC 7252 §4.8), for example {@link CoapTiming#NB_IOT}
     * for devices on NB-IoT; default {@code CoapTiming.of(2 s, 4)}. Unless {@link
     * #operationTimeout} is set, the operation timeout grows to the timing's MAX_TRANSMIT_WAIT when
     * that is longer than 93 s.
     *
     * @param timing the parameters
     * @return this builder
     */
    public Builder coapTiming(CoapTiming timing) {
      this.timing = Objects.requireNonNull(timing, "timing");
      this.ackTimeout = timing.ackTimeout();
      this.maxRetransmit = timing.maxRetransmit();
      return this;
    }

    /**
     * Adds a Californium message interceptor to the server's endpoint: it sees every request,
     * response and empty message the endpoint sends or receives, retransmissions included (traffic
     * metering, tests). It must not block.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder interceptor(MessageInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Sets the timeout of one device operation; default 93 s (the CoAP exchange lifetime).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = Objects.requireNonNull(timeout, "timeout");
      this.operationTimeoutSet = true;
      return this;
    }

    /**
     * Sets how long after its lifetime a registration that was not updated expires; default 15 s.
     *
     * @param grace the grace period
     * @return this builder
     */
    public Builder expiryGrace(Duration grace) {
      this.expiryGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /**
     * Sets the largest Block2 size the package server sends; default 1024. A client asking for more
     * gets this size (RFC 7959 §2.4).
     *
     * @param size a power of two in 16..1024
     * @return this builder
     */
    public Builder maxBlockSize(int size) {
      if (size < 16 || size > 1024 || Integer.bitCount(size) != 1) {
        throw new Lwm2mException(
            "maxBlockSize: " + size + " (expected: a power of two in 16..1024)");
      }
      this.maxBlockSize = size;
      return this;
    }

    /**
     * Sets the largest number of registrations; beyond it a registration gets 5.03.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxRegistrations(int max) {
      if (max < 1) {
        throw new Lwm2mException("maxRegistrations: " + max + " (expected: >= 1)");
      }
      this.maxRegistrations = max;
      return this;
    }

    /**
     * Sets whether the server observes {@code /19/0/0} after each registration, as the platform
     * does (protocol-notes §4.1); default true.
     *
     * @param observe the flag
     * @return this builder
     */
    public Builder observeUplink(boolean observe) {
      this.observeUplink = observe;
      return this;
    }

    /**
     * Sets the number of Californium protocol-stage threads; default 1, which processes the
     * messages of each device in arrival order (with more, a NON uplink that closely follows the
     * response establishing its {@code /19/0/0} observation can be dropped by Californium).
     * Handlers and {@link io.dfota.core.PackageContent#read} must not block for long.
     *
     * @param threads 1 to 64
     * @return this builder
     */
    public Builder protocolThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new Lwm2mException("protocolThreads: " + threads + " (expected: 1..64)");
      }
      this.protocolThreads = threads;
      return this;
    }

    /**
     * Builds the server (not started).
     *
     * @return the server
     */
    public Lwm2mServer build() {
      return new ServerImpl(
          new ServerConfig(
              local,
              publicHost,
              scheduler,
              ackTimeout,
              maxRetransmit,
              operationTimeoutSet ? operationTimeout : atLeast(operationTimeout, timing),
              expiryGrace,
              maxBlockSize,
              maxRegistrations,
              observeUplink,
              protocolThreads,
              timing,
              interceptors),
          security);
    }

    /** The timeout, or the timing's MAX_TRANSMIT_WAIT when that is longer. */
    static Duration atLeast(Duration timeout, CoapTiming timing) {
      Duration wait = timing.maxTransmitWait();
      return wait.compareTo(timeout) > 0 ? wait : timeout;
    }
  }
}
