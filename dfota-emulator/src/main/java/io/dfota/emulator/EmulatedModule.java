package io.dfota.emulator;

import io.dfota.at.AtTransport;
import io.dfota.at.FotaMode;
import io.dfota.at.InMemoryAtTransport;
import io.dfota.core.FirmwareStatus;
import io.dfota.core.Scheduler;
import io.dfota.emulator.internal.ModuleConfig;
import io.dfota.emulator.internal.ModuleImpl;
import io.dfota.lwm2m.CoapTiming;
import io.dfota.lwm2m.LinkFaults;
import io.dfota.lwm2m.LinkStats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * An emulated Quectel BC35-G / BC28 / BC95 R2.0 NB-IoT module: the AT side an MCU talks to over a
 * UART (here an in-memory pipe or a TCP connection; protocol-notes §2) and the LwM2M side the
 * platform sees (endpoint = IMEI, {@code /3/0/3} = the Quectel revision; protocol-notes §3, §4.1).
 *
 * <p>The AT side answers the commands of protocol-notes §2.3–§2.5 ({@code AT}, {@code ATE0/1},
 * {@code +CMEE}, {@code +CGSN=1}, {@code +CGMR}, {@code +NCDP}, {@code +QREGSWT}, {@code
 * +QLWSREGIND}, {@code +QLWULDATA}, {@code +QLWULDATAEX}, {@code +QLWULDATASTATUS?}, {@code +NMGS},
 * {@code +NNMI}, {@code +NMGR}, {@code +NQMGR}, {@code +NQMGS}, {@code +NMSTATUS?}, {@code
 * +QLWFOTAIND}, {@code +CSCON}, {@code +CEREG}, {@code +NUESTATS}, {@code +NRB}, {@code +CFUN},
 * {@code +CGATT}); an unknown command gets {@code ERROR}, bad parameters {@code +CME ERROR:50},
 * data commands while a FOTA runs {@code +CME ERROR:529}. It prints the URCs in the seed's order
 * (protocol-notes §1.2, §2.4, §2.6): {@code +QLWEVTIND:0}/{@code :3}/{@code :5}, the seven firmware
 * URCs, the reboot banner during the update, manual mode's {@code :6}/{@code :7}, and {@code
 * +CSCON:<mode>} as the RRC connection goes up and down.
 *
 * <p>The downloaded {@code .bin} is checked as an {@link EmulatedPackage} (QDFE/1,
 * docs/emulator.md); a successful update moves {@code /3/0/3} to the package's to-version after a
 * simulated reboot that keeps the {@code /5/0/3} observation (P9).
 */
public interface EmulatedModule extends AutoCloseable {

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the IMEI ({@code AT+CGSN=1}, the LwM2M endpoint name).
   *
   * @return the IMEI
   */
  Imei imei();

  /**
   * Returns the emulated model.
   *
   * @return the model
   */
  ModuleModel model();

  /**
   * Returns the running firmware revision ({@code /3/0/3}, {@code AT+CGMR}).
   *
   * @return for example {@code BC35GJBR01A03}
   */
  String revision();

  /**
   * Returns the Object 5 status of the LwM2M side.
   *
   * @return the snapshot
   */
  FirmwareStatus firmwareStatus();

  /**
   * Returns the fault plan.
   *
   * @return the plan
   */
  FaultPlan faults();

  /**
   * Powers the module on: prints the boot banner ({@code REBOOT_CAUSE_SECURITY_RESET_PIN}, {@code
   * Neul}, {@code OK}) on the attached AT link and, with automatic registration ({@code
   * AT+QREGSWT=1}, the default), registers to the LwM2M server.
   *
   * @return completes when the module is up (and registered, with automatic registration)
   */
  CompletableFuture<Void> start();

  /**
   * Stops the module for good: de-registers (best effort), closes its CoAP endpoint and its AT
   * link. For a power loss mid-FOTA use {@link FaultPlan.Builder#powerLossAt}.
   */
  void stop();

  @Override
  default void close() {
    stop();
  }

  /**
   * Returns whether the module is powered and answering.
   *
   * @return false before {@link #start()}, after {@link #stop()} and during a power loss
   */
  boolean isPoweredOn();

  /**
   * Returns whether the LwM2M side is registered.
   *
   * @return true when registered
   */
  boolean isRegistered();

  /**
   * Attaches the module end of an AT link (a TCP connection, an in-memory pipe); the module reads
   * commands from it and writes responses and URCs to it. A link attached earlier is detached (not
   * closed).
   *
   * @param link the module end; the module starts it
   */
  void attach(AtTransport link);

  /**
   * Creates an in-memory AT link, attaches its module end and returns the MCU end.
   *
   * @return the MCU end, for an {@link io.dfota.at.AtSession}
   */
  InMemoryAtTransport connectInMemory();

  /**
   * Returns the bound UDP address of the LwM2M side.
   *
   * @return the address, or empty before start
   */
  Optional<InetSocketAddress> lwm2mAddress();

  /**
   * Returns what the module's emulated radio link ({@link FaultPlan#link()}) did to its CoAP
   * datagrams so far: datagrams, losses, duplicates, reorderings, both directions.
   *
   * @return the counts; {@link LinkStats#NONE} for a perfect link
   */
  default LinkStats linkStats() {
    return LinkStats.NONE;
  }

  /**
   * Adds a listener for what the module prints.
   *
   * @param listener the listener
   */
  void addListener(Listener listener);

  /** Receives what an emulated module prints on its AT link. Must not block. */
  interface Listener {
    /**
     * A line the module printed (a response, a final result or a URC), without CR LF.
     *
     * @param imei the module
     * @param line the line
     */
    void onLine(Imei imei, String line);
  }

  /** Builds an {@link EmulatedModule}. Required: imei and server. */
  final class Builder {
    private @Nullable Imei imei;
    private ModuleModel model = ModuleModel.BC35_G;
    private @Nullable String revision;
    private @Nullable InetSocketAddress server;
    private InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private @Nullable Scheduler scheduler;
    private @Nullable Executor executor;
    private FaultPlan faults = FaultPlan.NONE;
    private FotaMode fotaMode = FotaMode.AUTOMATIC;
    private boolean autoRegister = true;
    private boolean echo;
    private boolean numericErrors = true;
    private Duration rebootTime = Duration.ZERO;
    private Duration rrcInactivity = Duration.ofSeconds(20);
    private Duration ackTimeout = Duration.ofSeconds(2);
    private int maxRetransmit = 4;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private CoapTiming timing = CoapTiming.of(ackTimeout, maxRetransmit);
    private boolean requestTimeoutSet;
    private int blockSize = 512;
    private Duration lifetime = Duration.ofSeconds(86400);
    private @Nullable String pskIdentity;
    private io.dfota.lwm2m.@Nullable PreSharedKey psk;

    private Builder() {}

    /**
     * Sets the IMEI. Required.
     *
     * @param imei the IMEI
     * @return this builder
     */
    public Builder imei(Imei imei) {
      this.imei = Objects.requireNonNull(imei, "imei");
      return this;
    }

    /**
     * Sets the model; default BC35-G.
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(ModuleModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the initial firmware revision; default the model's {@link
     * ModuleModel#initialRevision()}.
     *
     * @param revision for example {@code BC35GJBR01A03}
     * @return this builder
     */
    public Builder revision(String revision) {
      Objects.requireNonNull(revision, "revision");
      if (revision.isEmpty() || revision.length() > EmulatedPackage.MAX_VERSION_LENGTH) {
        throw new EmulatorException(
            "revision: " + revision.length() + " characters (expected: 1..64)");
      }
      this.revision = revision;
      return this;
    }

    /**
     * Sets the LwM2M server ({@code AT+NCDP}). Required.
     *
     * @param server the address
     * @return this builder
     */
    public Builder server(InetSocketAddress server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /**
     * Sets the local UDP address; default loopback, port from the OS.
     *
     * @param local the address
     * @return this builder
     */
    public Builder localAddress(InetSocketAddress local) {
      this.local = Objects.requireNonNull(local, "local");
      return this;
    }

    /**
     * Sets the scheduler for the module's timers (reboot time, power-off time, RRC inactivity) and
     * the LwM2M client's timers; default a private wall-clock scheduler.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor the module's work runs on (one task at a time per module), so that a fleet
     * shares a few threads; default a private thread.
     *
     * @param executor the executor; the caller shuts it down
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the fault plan; default {@link FaultPlan#NONE}.
     *
     * @param faults the plan
     * @return this builder
     */
    public Builder faults(FaultPlan faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * Sets the loss and latency of the CoAP link (a shortcut for the fault plan's link).
     *
     * @param link the link faults
     * @return this builder
     */
    public Builder linkFaults(LinkFaults link) {
      this.faults = faults.toBuilder().link(link).build();
      return this;
    }

    /**
     * Sets the initial {@code AT+QLWFOTAIND} mode; default automatic (0).
     *
     * @param mode AUTOMATIC or MANUAL
     * @return this builder
     */
    public Builder fotaMode(FotaMode mode) {
      if (mode != FotaMode.AUTOMATIC && mode != FotaMode.MANUAL) {
        throw new EmulatorException("fotaMode: " + mode + " (expected: AUTOMATIC or MANUAL)");
      }
      this.fotaMode = mode;
      return this;
    }

    /**
     * Sets whether the module registers on its own after boot ({@code AT+QREGSWT=1}, default) or
     * waits for {@code AT+QLWSREGIND=0} or the first uplink ({@code AT+QREGSWT=0}).
     *
     * @param on true for automatic registration
     * @return this builder
     */
    public Builder autoRegister(boolean on) {
      this.autoRegister = on;
      return this;
    }

    /**
     * Sets whether the module echoes command lines ({@code ATE1}); default off, as in the seed's
     * transcripts.
     *
     * @param on true to echo
     * @return this builder
     */
    public Builder echo(boolean on) {
      this.echo = on;
      return this;
    }

    /**
     * Sets whether failures print {@code +CME ERROR:<n>} ({@code AT+CMEE=1}, default) or plain
     * {@code ERROR}.
     *
     * @param on true for numeric errors
     * @return this builder
     */
    public Builder numericErrors(boolean on) {
      this.numericErrors = on;
      return this;
    }

    /**
     * Sets how long the module is silent while it reboots (the FOTA reboot, {@code AT+NRB});
     * default 0.
     *
     * @param time the reboot time, on the scheduler
     * @return this builder
     */
    public Builder rebootTime(Duration time) {
      this.rebootTime = nonNegative("rebootTime", time);
      return this;
    }

    /**
     * Sets the RRC inactivity timer: how long after the last traffic RRC goes idle ({@code
     * +CSCON:0}); default 20 s.
     *
     * @param time the timer, on the scheduler
     * @return this builder
     */
    public Builder rrcInactivity(Duration time) {
      this.rrcInactivity = nonNegative("rrcInactivity", time);
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
        throw new EmulatorException("maxRetransmit: " + maxRetransmit + " (expected: 0..10)");
      }
      this.ackTimeout = nonNegative("ackTimeout", ackTimeout);
      this.maxRetransmit = maxRetransmit;
      this.timing = CoapTiming.of(ackTimeout, maxRetransmit);
      return this;
    }

    /**
     * Sets all CoAP transmission parameters of the module's LwM2M side (RFC 7252 §4.8), for example
     * {@link CoapTiming#NB_IOT}; default {@code CoapTiming.of(2 s, 4)}. Unless {@link
     * #requestTimeout} is set, the request timeout grows to the timing's MAX_TRANSMIT_WAIT when
     * that is longer than 60 s.
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
     * Sets the overall timeout of one CoAP request (registration, one Block2 GET); default 60 s.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = nonNegative("requestTimeout", timeout);
      this.requestTimeoutSet = true;
      return this;
    }

    /**
     * Sets the Block2 size the module asks for; default 512.
     *
     * @param size a power of two in 16..1024
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
     * Sets the registration lifetime; default 86400 s.
     *
     * @param lifetime at least 1 s
     * @return this builder
     */
    public Builder lifetime(Duration lifetime) {
      if (nonNegative("lifetime", lifetime).getSeconds() < 1) {
        throw new EmulatorException("lifetime: " + lifetime + " (expected: >= 1 s)");
      }
      this.lifetime = lifetime;
      return this;
    }

    /**
     * Presets DTLS with PSK, as if {@code AT+QSECSWT=1} and {@code AT+QSETPSK=<identity>,<psk>} had
     * been stored in the module's NV (protocol-notes §2.3 "Other"): the LwM2M side talks CoAPS. The
     * MCU can still change both over AT before the module registers. Default: plain CoAP.
     *
     * @param identity the PSK identity, {@code 0} for the IMEI
     * @param key the pre-shared key
     * @return this builder
     */
    public Builder psk(String identity, io.dfota.lwm2m.PreSharedKey key) {
      this.pskIdentity =
          io.dfota.lwm2m.PskCredential.checkIdentity(Objects.requireNonNull(identity, "identity"));
      this.psk = Objects.requireNonNull(key, "key");
      return this;
    }

    private static Duration nonNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new EmulatorException(name + ": " + d + " (expected: >= 0)");
      }
      return d;
    }

    /**
     * Builds the module (powered off; call {@link EmulatedModule#start()}).
     *
     * @return the module
     * @throws IllegalStateException if imei or server is missing
     */
    public EmulatedModule build() {
      if (imei == null) {
        throw new IllegalStateException("imei is required");
      }
      if (server == null) {
        throw new IllegalStateException("server is required");
      }
      return new ModuleImpl(
          new ModuleConfig(
              imei,
              model,
              revision != null ? revision : model.initialRevision(),
              server,
              local,
              scheduler,
              executor,
              faults,
              fotaMode,
              autoRegister,
              echo,
              numericErrors,
              rebootTime,
              rrcInactivity,
              ackTimeout,
              maxRetransmit,
              requestTimeoutSet || timing.maxTransmitWait().compareTo(requestTimeout) <= 0
                  ? requestTimeout
                  : timing.maxTransmitWait(),
              blockSize,
              lifetime,
              timing),
          pskIdentity != null && psk != null
              ? new io.dfota.lwm2m.PskCredential(
                  pskIdentity.equals("0") ? imei.value() : pskIdentity, imei.value(), psk)
              : null);
    }
  }
}
