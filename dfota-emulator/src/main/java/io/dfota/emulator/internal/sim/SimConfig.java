package io.dfota.emulator.internal.sim;

import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.emulator.Imei;
import io.dfota.emulator.sim.DeviceSimulator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link SimulatorImpl}, validated by {@link DeviceSimulator.Builder}.
 *
 * @param server the LwM2M server
 * @param devices number of devices
 * @param firstImei the first device's IMEI
 * @param localHost the address the ports bind to
 * @param firmwareVersion initial {@code /3/0/3}
 * @param manufacturer {@code /3/0/0}
 * @param model {@code /3/0/1}
 * @param blockSize the Block2 size asked for first
 * @param lifetime the registration lifetime
 * @param ackTimeout the initial CoAP ACK timeout
 * @param maxRetransmit CON retransmissions
 * @param requestTimeout overall timeout of one request
 * @param radio Object 4 values per device index
 * @param flashBytes package flash per device index
 * @param verifyDigest whether the QDFE SHA-256 is checked
 * @param updateTime time spent UPDATING
 * @param registrationWindow registrations in flight during start
 * @param listeners the listeners
 * @param scheduler the timers' scheduler, or null for the simulator thread's own queue
 */
public record SimConfig(
    InetSocketAddress server,
    int devices,
    Imei firstImei,
    InetAddress localHost,
    String firmwareVersion,
    String manufacturer,
    String model,
    int blockSize,
    Duration lifetime,
    Duration ackTimeout,
    int maxRetransmit,
    Duration requestTimeout,
    IntFunction<RadioReport> radio,
    IntToLongFunction flashBytes,
    boolean verifyDigest,
    Duration updateTime,
    int registrationWindow,
    List<DeviceSimulator.Listener> listeners,
    @Nullable Scheduler scheduler) {

  /** Copies the listener list. */
  public SimConfig {
    listeners = List.copyOf(listeners);
  }
}
