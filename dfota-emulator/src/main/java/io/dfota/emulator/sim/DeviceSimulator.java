package io.dfota.emulator.sim;

import io.dfota.core.FirmwareState;
import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.core.UpdateResult;
import io.dfota.emulator.EmulatedPackage;
import io.dfota.emulator.EmulatorException;
import io.dfota.emulator.Imei;
import io.dfota.emulator.internal.sim.SimConfig;
import io.dfota.emulator.internal.sim.SimulatorImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Many emulated NB-IoT modules' LwM2M 1.0 device role (protocol-notes §3, §4.1) on ONE thread: each
 * device has its own UDP port on loopback (one non-blocking {@code DatagramChannel} per device, all
 * on one {@code Selector}), registers ({@code POST /rd?ep=<IMEI>&lt=..&b=U&lwm2m=1.0} with the
 * links {@code </3/0>,</4/0>,</5/0>,</19/0>,</19/1>}), answers reads of Object 3, 4 and 5 in
 * text/plain or TLV, accepts the observation of {@code /5/0/3} and notifies every Object 5 state
 * change with a CON notification, takes the Package URI {@code /5/0/1}, pulls the package with
 * Block2 GETs (RFC 7959; the server's smaller size is followed), checks the QDFE/1 emulated package
 * ({@link EmulatedPackage}: header, SHA-256 and from-version), goes DOWNLOADED, and on Update
 * {@code /5/0/2} goes UPDATING, reboots, reports result 1 and the package's to-version in {@code
 * /3/0/3}, and registers again — what {@code io.dfota.lwm2m.Lwm2mClient} does, without a thread or
 * a Californium endpoint per device. CoAP messages are encoded and parsed with Californium's UDP
 * codec; CON retransmissions (RFC 7252 §4.2, exponential back-off) and registration updates run on
 * a timer queue on the same thread.
 *
 * <p>Listeners run on the simulator thread and must not block. Not simulated: DTLS, the AT side
 * (MCU, URCs), radio faults, uplink data on {@code /19/0/0} (observed but never notified).
 */
public interface DeviceSimulator extends AutoCloseable {

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the devices' ports, starts the simulator thread and registers every device, at most
   * {@link Builder#registrationWindow(int)} at a time.
   *
   * @return completes when every device is registered; fails with an {@link EmulatorException}
   *     naming how many registrations failed
   */
  CompletableFuture<Void> start();

  /**
   * Binds the devices' ports and starts the simulator thread without registering any device: for
   * {@link #fetch(URI)} against a plain CoAP server (a baseline without LwM2M).
   *
   * @return completes when the ports are bound
   */
  CompletableFuture<Void> startUnregistered();

  /**
   * Makes every device GET one URI with Block2 (RFC 7959; the same block size, CoAP timing and code
   * as a package download, without the LwM2M state or the QDFE check), all at once: a bare Block2
   * fetch for a baseline against a plain CoAP server. The devices must have been started.
   *
   * @param uri {@code coap://host:port/path}
   * @return completes with one outcome per device, in the order of {@link #imeis()}
   * @throws EmulatorException if the URI is not a CoAP URI or the simulator is not running
   */
  CompletableFuture<List<FetchOutcome>> fetch(URI uri);

  /**
   * Sends a registration update ({@code POST /rd/<id>}) from every registered device, which wakes
   * them on the platform ({@code FotaFleet.AwakeReason.REGISTRATION_UPDATED}); a device the server
   * forgot registers again.
   *
   * @return completes when every update was answered
   */
  CompletableFuture<Void> updateRegistrations();

  /**
   * Returns the devices' IMEIs (their endpoint names), in order.
   *
   * @return the IMEIs
   */
  List<Imei> imeis();

  /**
   * Returns snapshots of all devices, taken on the simulator thread.
   *
   * @return the snapshots, in the order of {@link #imeis()}
   */
  CompletableFuture<List<SimulatedDevice>> snapshot();

  /**
   * Returns one device's snapshot (blocks until the simulator thread took it).
   *
   * @param imei the endpoint name
   * @return the snapshot, or empty for an unknown IMEI
   */
  Optional<SimulatedDevice> device(String imei);

  /**
   * Returns the totals.
   *
   * @return the counters
   */
  SimCounters counters();

  /**
   * Returns the CPU time the simulator thread used so far.
   *
   * @return the CPU time, or zero where the JVM cannot measure thread CPU time
   */
  Duration threadCpuTime();

  /** Stops the thread and closes every port (a power-off: no de-registration). */
  @Override
  void close();

  /** What the simulated devices report; called on the simulator thread, must not block. */
  interface Listener {
    /**
     * A device's registration was acknowledged with 2.01.
     *
     * @param imei the device
     */
    default void onRegistered(Imei imei) {}

    /**
     * A device's Object 5 state changed (the notification is on its way).
     *
     * @param imei the device
     * @param state the new {@code /5/0/3}
     * @param result {@code /5/0/5}
     */
    default void onStateChanged(Imei imei, FirmwareState state, UpdateResult result) {}

    /**
     * A download or an update ended: result 1 after a successful update, a failure result (2 to 9,
     * or 10 for a cancel) after a failed download, a refused package or a failed update.
     *
     * @param imei the device
     * @param result {@code /5/0/5}
     * @param firmwareVersion {@code /3/0/3} now
     */
    default void onOutcome(Imei imei, UpdateResult result, String firmwareVersion) {}
  }

  /** Builds a {@link DeviceSimulator}. Required: the server. */
  final class Builder {
    /** Largest number of devices. */
    public static final int MAX_DEVICES = 100_000;

    private @Nullable InetSocketAddress server;
    private int devices = 1;
    private Imei firstImei = Imei.of(Imei.SEED_TAC, 500_000);
    private InetAddress localHost = InetAddress.getLoopbackAddress();
    private String firmwareVersion = "BC35GJBR01A03";
    private String manufacturer = "Quectel";
    private String model = "BC35-G";
    private int blockSize = 512;
    private Duration lifetime = Duration.ofSeconds(86400);
    private Duration ackTimeout = Duration.ofSeconds(2);
    private int maxRetransmit = 4;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private IntFunction<RadioReport> radio = i -> new RadioReport(0x1234L, -90, 10);
    private IntToLongFunction flashBytes = i -> EmulatedPackage.MAX_PAYLOAD + 256L;
    private boolean verifyDigest = true;
    private Duration updateTime = Duration.ZERO;
    private int registrationWindow = 64;
    private final List<Listener> listeners = new ArrayList<>();
    private @Nullable Scheduler scheduler;

    private Builder() {}

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
     * Sets the number of devices; default 1.
     *
     * @param n 1 to {@link #MAX_DEVICES}
     * @return this builder
     */
    public Builder devices(int n) {
      if (n < 1 || n > MAX_DEVICES) {
        throw new EmulatorException("devices: " + n + " (expected: 1.." + MAX_DEVICES + ")");
      }
      this.devices = n;
      return this;
    }

    /**
     * Sets the first device's IMEI; the others follow by serial number. Default TAC 86772503,
     * serial 500000 (clear of {@code Fleet}'s default range).
     *
     * @param imei the first IMEI
     * @return this builder
     */
    public Builder firstImei(Imei imei) {
      this.firstImei = Objects.requireNonNull(imei, "imei");
      return this;
    }

    /**
     * Sets the local address the devices' ports bind to; default loopback.
     *
     * @param host the address
     * @return this builder
     */
    public Builder localHost(InetAddress host) {
      this.localHost = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Sets the initial Device / Firmware Version {@code /3/0/3} of every device.
     *
     * @param v the version, for example {@code BC35GJBR01A03}
     * @return this builder
     */
    public Builder firmwareVersion(String v) {
      this.firmwareVersion = Objects.requireNonNull(v, "firmwareVersion");
      return this;
    }

    /**
     * Sets Device / Manufacturer {@code /3/0/0}; default Quectel.
     *
     * @param v the value
     * @return this builder
     */
    public Builder manufacturer(String v) {
      this.manufacturer = Objects.requireNonNull(v, "manufacturer");
      return this;
    }

    /**
     * Sets Device / Model Number {@code /3/0/1}; default BC35-G.
     *
     * @param v the value
     * @return this builder
     */
    public Builder model(String v) {
      this.model = Objects.requireNonNull(v, "model");
      return this;
    }

    /**
     * Sets the Block2 size the devices ask for first; default 512 (SZX 5, P11). A smaller size
     * chosen by the server is followed.
     *
     * @param size 16, 32, 64, 128, 256, 512 or 1024
     * @return this builder
     */
    public Builder blockSize(int size) {
      if (size < 16 || size > 1024 || Integer.bitCount(size) != 1) {
        throw new EmulatorException(
            "blockSize: " + size + " (expected: a power of two in 16..1024)");
      }
      this.blockSize = size;
      return this;
    }

    /**
     * Sets the registration lifetime ({@code lt}); updates are sent at 80 % of it. Default 86400 s.
     *
     * @param lifetime at least 1 s
     * @return this builder
     */
    public Builder lifetime(Duration lifetime) {
      if (lifetime.getSeconds() < 1) {
        throw new EmulatorException("lifetime: " + lifetime + " (expected: >= 1 s)");
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Sets the CoAP ACK timeout and retransmission count (RFC 7252 §4.8); default 2 s and 4.
     *
     * @param ackTimeout the initial ACK timeout, at least 1 ms
     * @param maxRetransmit 0 to 10
     * @return this builder
     */
    public Builder coapTiming(Duration ackTimeout, int maxRetransmit) {
      if (ackTimeout.toMillis() < 1) {
        throw new EmulatorException("ackTimeout: " + ackTimeout + " (expected: >= 1 ms)");
      }
      if (maxRetransmit < 0 || maxRetransmit > 10) {
        throw new EmulatorException("maxRetransmit: " + maxRetransmit + " (expected: 0..10)");
      }
      this.ackTimeout = ackTimeout;
      this.maxRetransmit = maxRetransmit;
      return this;
    }

    /**
     * Sets the overall timeout of one request (a registration or one Block2 GET); default 60 s.
     *
     * @param timeout at least 1 ms
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.toMillis() < 1) {
        throw new EmulatorException("requestTimeout: " + timeout + " (expected: >= 1 ms)");
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Sets the Object 4 values per device index ({@code /4/0/8} cell id, {@code /4/0/2} RSRP,
     * {@code /4/0/3} SINR); default cell 0x1234, -90 dBm, 10 dB for all, as {@code Lwm2mClient}.
     *
     * @param radio device index (0-based) to its radio report
     * @return this builder
     */
    public Builder radio(IntFunction<RadioReport> radio) {
      this.radio = Objects.requireNonNull(radio, "radio");
      return this;
    }

    /**
     * Sets every device's flash for packages; a package whose Size2 or length exceeds it fails with
     * result 2 (not enough flash). Default 16 MiB + 256 bytes.
     *
     * @param bytes at least 1
     * @return this builder
     */
    public Builder flashBytes(long bytes) {
      if (bytes < 1) {
        throw new EmulatorException("flashBytes: " + bytes + " (expected: >= 1)");
      }
      this.flashBytes = i -> bytes;
      return this;
    }

    /**
     * Sets the flash per device index.
     *
     * @param bytes device index (0-based) to its flash size in bytes
     * @return this builder
     */
    public Builder flashBytes(IntToLongFunction bytes) {
      this.flashBytes = Objects.requireNonNull(bytes, "bytes");
      return this;
    }

    /**
     * Sets whether the QDFE payload's SHA-256 is checked (result 5 on a mismatch); default true.
     * The header, the length and the from-version are always checked.
     *
     * @param verify false to skip the digest
     * @return this builder
     */
    public Builder verifyDigest(boolean verify) {
      this.verifyDigest = verify;
      return this;
    }

    /**
     * Sets how long a device stays UPDATING before it reboots with the new firmware; default 0.
     *
     * @param time at least 0
     * @return this builder
     */
    public Builder updateTime(Duration time) {
      if (time.isNegative()) {
        throw new EmulatorException("updateTime: " + time + " (expected: >= 0)");
      }
      this.updateTime = time;
      return this;
    }

    /**
     * Sets how many registrations {@link #start()} keeps in flight at once; default 64.
     *
     * @param window 1 to 100000
     * @return this builder
     */
    public Builder registrationWindow(int window) {
      if (window < 1 || window > MAX_DEVICES) {
        throw new EmulatorException(
            "registrationWindow: " + window + " (expected: 1.." + MAX_DEVICES + ")");
      }
      this.registrationWindow = window;
      return this;
    }

    /**
     * Runs the timers (CON retransmissions, request timeouts, registration updates, update time) on
     * the given scheduler, for example core's {@code VirtualScheduler} in tests; their actions
     * still run on the simulator thread. Default: the simulator thread's own timer queue on
     * wall-clock time.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener called on the simulator thread
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the simulator (not started).
     *
     * @return the simulator
     * @throws IllegalStateException if the server is missing
     * @throws EmulatorException if the IMEI range runs past serial 999999
     */
    public DeviceSimulator build() {
      if (server == null) {
        throw new IllegalStateException("server is required");
      }
      int firstSerial = Integer.parseInt(firstImei.value().substring(8, 14));
      if (firstSerial + devices - 1 > 999_999) {
        throw new EmulatorException(
            "devices: "
                + devices
                + " from serial "
                + firstSerial
                + " (expected: the last serial <= 999999)");
      }
      return new SimulatorImpl(
          new SimConfig(
              server,
              devices,
              firstImei,
              localHost,
              firmwareVersion,
              manufacturer,
              model,
              blockSize,
              lifetime,
              ackTimeout,
              maxRetransmit,
              requestTimeout,
              radio,
              flashBytes,
              verifyDigest,
              updateTime,
              registrationWindow,
              List.copyOf(listeners),
              scheduler));
    }
  }
}
