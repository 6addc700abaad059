package io.dfota.lwm2m.internal;

import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.lwm2m.ClientListener;
import io.dfota.lwm2m.CoapTiming;
import io.dfota.lwm2m.FirmwareUpdater;
import io.dfota.lwm2m.IntegrityCheck;
import io.dfota.lwm2m.PackageStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of a client, produced by {@link io.dfota.lwm2m.Lwm2mClient.Builder}.
 *
 * @param endpoint the endpoint name
 * @param server the server address
 * @param local the local bind address
 * @param lifetime the registration lifetime
 * @param manufacturer {@code /3/0/0}
 * @param model {@code /3/0/1}
 * @param serial {@code /3/0/2}
 * @param firmwareVersion initial {@code /3/0/3}
 * @param radio Object 4 values
 * @param store the package store
 * @param integrity the integrity hook
 * @param updater the update hook
 * @param blockSize the preferred Block2 size
 * @param scheduler the scheduler, or null for a private one
 * @param ackTimeout CoAP ACK timeout
 * @param maxRetransmit CoAP retransmissions
 * @param requestTimeout overall request timeout
 * @param listeners initial listeners
 * @param coapTiming the CoAP transmission parameters (ackTimeout and maxRetransmit repeat two)
 */
public record ClientConfig(
    String endpoint,
    InetSocketAddress server,
    InetSocketAddress local,
    Duration lifetime,
    String manufacturer,
    String model,
    String serial,
    String firmwareVersion,
    Supplier<RadioReport> radio,
    PackageStore store,
    IntegrityCheck integrity,
    FirmwareUpdater updater,
    int blockSize,
    @Nullable Scheduler scheduler,
    Duration ackTimeout,
    int maxRetransmit,
    Duration requestTimeout,
    List<ClientListener> listeners,
    CoapTiming coapTiming) {
  /** Copies the listener list. */
  public ClientConfig {
    listeners = List.copyOf(listeners);
  }
}
