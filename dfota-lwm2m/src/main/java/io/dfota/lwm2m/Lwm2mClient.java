package io.dfota.lwm2m;

import io.dfota.core.FirmwareStatus;
import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.lwm2m.internal.ClientConfig;
import io.dfota.lwm2m.internal.ClientImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The device role: an LwM2M 1.0 client over CoAP/UDP, as a BC35-G / BC28 / BC95 module runs it
 * (protocol-notes §3, §4.1). It registers ({@code POST /rd?ep=<IMEI>&lt=<s>&b=U&lwm2m=1.0}),
 * updates the registration before the lifetime runs out, de-registers, and serves objects 3
 * (Device), 4 (Connectivity Monitoring), 5 (Firmware Update, pull over Block2) and 19
 * (BinaryAppDataContainer: {@code /19/0/0} uplink, {@code /19/1/0} downlink).
 *
 * <p>Object 5 runs on core's {@link io.dfota.core.FirmwareUpdateMachine}; every state change is a
 * confirmable notification on the platform's {@code /5/0/3} observation, which survives a reboot
 * (P9).
 */
public interface Lwm2mClient extends AutoCloseable {

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the UDP endpoint and registers.
   *
   * @return completes when the registration was acknowledged with 2.01
   */
  CompletableFuture<Void> start();

  /**
   * Sends a registration update ({@code POST /rd/<id>}) now.
   *
   * @return completes when acknowledged with 2.04
   */
  CompletableFuture<Void> updateRegistration();

  /**
   * De-registers ({@code DELETE /rd/<id>}), keeping the endpoint bound.
   *
   * @return completes when acknowledged
   */
  CompletableFuture<Void> deregister();

  /**
   * Simulates a module reboot: drops the registration and the {@code /19/0/0} observation, loses
   * the in-RAM download resume record, applies T11 (protocol-notes §3.2) and re-registers. The
   * {@code /5/0/3} observation token is kept, as the module keeps it (P9).
   *
   * @return completes when re-registered
   */
  CompletableFuture<Void> reboot();

  /**
   * Sends uplink data as a notification on the {@code /19/0/0} observation ({@code AT+QLWULDATA}).
   *
   * @param data the payload, at most 1024 bytes
   * @return false when the platform has not observed {@code /19/0/0} (the data is discarded)
   */
  boolean sendUplink(byte[] data);

  /**
   * Returns the Object 5 status.
   *
   * @return the snapshot
   */
  FirmwareStatus firmwareStatus();

  /**
   * Returns Device / Firmware Version {@code /3/0/3}.
   *
   * @return the version
   */
  String firmwareVersion();

  /**
   * Returns whether the client is registered now.
   *
   * @return true when registered
   */
  boolean isRegistered();

  /**
   * Returns the bound UDP address.
   *
   * @return the address
   * @throws Lwm2mException if not started
   */
  InetSocketAddress localAddress();

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  void addListener(ClientListener listener);

  /** De-registers (best effort) and closes the endpoint. */
  void stop();

  @Override
  default void close() {
    stop();
  }

  /** Builds a {@link Lwm2mClient}. Required: endpoint and server. */
  final class Builder {
    private @Nullable String endpoint;
    private @Nullable InetSocketAddress server;
    private InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private Duration lifetime = Duration.ofSeconds(86400);
    private String manufacturer = "Quectel";
    private String model = "BC35-G";
    private @Nullable String serial;
    private String firmwareVersion = "BC35GJBR01A03";
    private Supplier<RadioReport> radio = () -> new RadioReport(0x1234L, -90, 10);
    private @Nullable PackageStore store;
    private IntegrityCheck integrity = IntegrityCheck.ACCEPT_ALL;
    private FirmwareUpdater updater = FirmwareUpdater.REBOOT_AND_SUCCEED;
    private int blockSize = 512;
    private @Nullable Scheduler scheduler;
    private Duration ackTimeout = Duration.ofSeconds(2);
    private int maxRetransmit = 4;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private final List<ClientListener> listeners = new ArrayList<>();
    private @Nullable String pskIdentity;
    private @Nullable PreSharedKey psk;
    private CoapTiming timing = CoapTiming.of(ackTimeout, maxRetransmit);
    private boolean requestTimeoutSet;

    private Builder() {}

    /**
     * Talks to the server over DTLS 1.2 with PSK (CoAPS) instead of plain CoAP, as a module after
     * {@code AT+QSECSWT=1} and {@code AT+QSETPSK=<identity>,<psk>} does (protocol-notes §2.3
     * "Other"). The client offers TLS_PSK_WITH_AES_128_CCM_8 and TLS_PSK_WITH_AES_128_CBC_SHA256
     * and downloads only {@code coaps://} package URIs (default port 5684). The key is never
     * logged.
     *
     * @param identity the PSK identity, for example the IMEI
     * @param key the pre-shared key
     * @return this builder
     */
    public Builder psk(String identity, PreSharedKey key) {
      this.pskIdentity = PskCredential.checkIdentity(Objects.requireNonNull(identity, "identity"));
      this.psk = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets the endpoint name ({@code ep}), the IMEI. Required.
     *
     * @param endpoint 1 to 64 characters
     * @return this builder
     */
    public Builder endpoint(String endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.isEmpty() || endpoint.length() > 64) {
        throw new Lwm2mException(
            "endpoint: " + endpoint.length() + " characters (expected: 1..64)");
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets the LwM2M server address ({@code AT+NCDP}). Required.
     *
     * @param server the address
     * @return this builder
     */
    public Builder server(InetSocketAddress server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /**
     * Sets the local address to bind; default loopback, port from the OS.
     *
     * @param local the address
     * @return this builder
     */
    public Builder localAddress(InetSocketAddress local) {
      this.local = Objects.requireNonNull(local, "local");
      return this;
    }

    /**
     * Sets the registration lifetime ({@code lt}); default 86400 s.
     *
     * @param lifetime at least 1 s
     * @return this builder
     */
    public Builder lifetime(Duration lifetime) {
      if (lifetime.getSeconds() < 1) {
        throw new Lwm2mException("lifetime: " + lifetime + " (expected: >= 1 s)");
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Sets Device / Manufacturer {@code /3/0/0}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder manufacturer(String v) {
      this.manufacturer = Objects.requireNonNull(v, "manufacturer");
      return this;
    }

    /**
     * Sets Device / Model Number {@code /3/0/1}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder model(String v) {
      this.model = Objects.requireNonNull(v, "model");
      return this;
    }

    /**
     * Sets Device / Serial Number {@code /3/0/2}; default the endpoint name.
     *
     * @param v the value
     * @return this builder
     */
    public Builder serial(String v) {
      this.serial = Objects.requireNonNull(v, "serial");
      return this;
    }

    /**
     * Sets the initial Device / Firmware Version {@code /3/0/3}.
     *
     * @param v the value, for example {@code BC35GJBR01A03}
     * @return this builder
     */
    public Builder firmwareVersion(String v) {
      this.firmwareVersion = Objects.requireNonNull(v, "firmwareVersion");
      return this;
    }

    /**
     * Sets the source of the Object 4 values ({@code /4/0/2}, {@code /4/0/3}, {@code /4/0/8}).
     *
     * @param radio called on every read
     * @return this builder
     */
    public Builder radio(Supplier<RadioReport> radio) {
      this.radio = Objects.requireNonNull(radio, "radio");
      return this;
    }

    /**
     * Sets the package store; default in memory, 4 MiB.
     *
     * @param store the store
     * @return this builder
     */
    public Builder packageStore(PackageStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the integrity hook; default accepts every package.
     *
     * @param integrity the hook
     * @return this builder
     */
    public Builder integrityCheck(IntegrityCheck integrity) {
      this.integrity = Objects.requireNonNull(integrity, "integrity");
      return this;
    }

    /**
     * Sets the update hook; default reboots and succeeds.
     *
     * @param updater the hook
     * @return this builder
     */
    public Builder updater(FirmwareUpdater updater) {
      this.updater = Objects.requireNonNull(updater, "updater");
      return this;
    }

    /**
     * Sets the Block2 size the client asks for first; default 512 (SZX 5, P11). The client follows
     * a smaller size chosen by the server.
     *
     * @param blockSize 16, 32, 64, 128, 256, 512 or 1024
     * @return this builder
     */
    public Builder blockSize(int blockSize) {
      if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
        throw new Lwm2mException(
            "blockSize: " + blockSize + " (expected: a power of two in 16..1024)");
      }
      this.blockSize = blockSize;
      return this;
    }

    /**
     * Sets the scheduler for registration updates and request timeouts; default a private
     * single-thread scheduler on wall-clock time.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the CoAP ACK timeout and retransmission count (RFC 7252 §4.8); default 2 s and 4.
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
     * Sets all CoAP transmission parameters (RFC 7252 §4.8), for example {@link CoapTiming#NB_IOT};
     * default {@code CoapTiming.of(2 s, 4)}. Unless {@link #requestTimeout} is set, the request
     * timeout grows to the timing's MAX_TRANSMIT_WAIT when that is longer than 60 s.
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
     * Sets the overall timeout of one request (a registration or one Block2 GET); default 60 s.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      this.requestTimeoutSet = true;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ClientListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the client (not started).
     *
     * @return the client
     * @throws IllegalStateException if endpoint or server is missing
     */
    public Lwm2mClient build() {
      if (endpoint == null) {
        throw new IllegalStateException("endpoint is required");
      }
      if (server == null) {
        throw new IllegalStateException("server is required");
      }
      return new ClientImpl(
          new ClientConfig(
              endpoint,
              server,
              local,
              lifetime,
              manufacturer,
              model,
              serial != null ? serial : endpoint,
              firmwareVersion,
              radio,
              store != null ? store : PackageStore.inMemory(4 << 20),
              integrity,
              updater,
              blockSize,
              scheduler,
              ackTimeout,
              maxRetransmit,
              requestTimeoutSet
                  ? requestTimeout
                  : Lwm2mServer.Builder.atLeast(requestTimeout, timing),
              listeners,
              timing),
          pskIdentity != null && psk != null
              ? new PskCredential(pskIdentity, endpoint, psk)
              : null);
    }
  }
}
