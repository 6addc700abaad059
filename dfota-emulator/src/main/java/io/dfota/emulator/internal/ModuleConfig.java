package io.dfota.emulator.internal;

import io.dfota.at.FotaMode;
import io.dfota.core.Scheduler;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Imei;
import io.dfota.emulator.ModuleModel;
import io.dfota.lwm2m.CoapTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one emulated module, as the builder collected them.
 *
 * @param imei the IMEI
 * @param model the model
 * @param revision the initial revision
 * @param server the LwM2M server
 * @param local the local UDP address
 * @param scheduler the scheduler, or null for a private one
 * @param executor the executor the module's serial tasks run on, or null for a private thread
 * @param faults the fault plan
 * @param fotaMode the initial FOTA mode
 * @param autoRegister whether the module registers after boot
 * @param echo whether command lines are echoed
 * @param numericErrors whether failures are {@code +CME ERROR:<n>}
 * @param rebootTime how long a reboot takes
 * @param rrcInactivity the RRC inactivity timer
 * @param ackTimeout the CoAP ACK timeout
 * @param maxRetransmit the CoAP retransmissions
 * @param requestTimeout the CoAP request timeout
 * @param blockSize the Block2 size
 * @param lifetime the registration lifetime
 * @param coapTiming the CoAP transmission parameters (ackTimeout and maxRetransmit repeat two)
 */
public record ModuleConfig(
    Imei imei,
    ModuleModel model,
    String revision,
    InetSocketAddress server,
    InetSocketAddress local,
    @Nullable Scheduler scheduler,
    @Nullable Executor executor,
    FaultPlan faults,
    FotaMode fotaMode,
    boolean autoRegister,
    boolean echo,
    boolean numericErrors,
    Duration rebootTime,
    Duration rrcInactivity,
    Duration ackTimeout,
    int maxRetransmit,
    Duration requestTimeout,
    int blockSize,
    Duration lifetime,
    CoapTiming coapTiming) {

  /** Validates. */
  public ModuleConfig {
    Objects.requireNonNull(imei, "imei");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(fotaMode, "fotaMode");
    Objects.requireNonNull(rebootTime, "rebootTime");
    Objects.requireNonNull(rrcInactivity, "rrcInactivity");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(coapTiming, "coapTiming");
  }
}
