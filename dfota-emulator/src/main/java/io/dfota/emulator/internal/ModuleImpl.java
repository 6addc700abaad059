package io.dfota.emulator.internal;

import io.dfota.at.AtTransport;
import io.dfota.at.InMemoryAtTransport;
import io.dfota.core.FirmwareStatus;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.EmulatorException;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Imei;
import io.dfota.emulator.ModuleModel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The emulated module (work in progress: API only). */
public final class ModuleImpl implements EmulatedModule {
  private final ModuleConfig cfg;

  /**
   * Creates the module.
   *
   * @param cfg the settings
   */
  public ModuleImpl(ModuleConfig cfg) {
    this.cfg = cfg;
  }

  @Override
  public Imei imei() {
    return cfg.imei();
  }

  @Override
  public ModuleModel model() {
    return cfg.model();
  }

  @Override
  public String revision() {
    return cfg.revision();
  }

  @Override
  public FirmwareStatus firmwareStatus() {
    return FirmwareStatus.initial(java.time.Instant.EPOCH);
  }

  @Override
  public FaultPlan faults() {
    return cfg.faults();
  }

  @Override
  public CompletableFuture<Void> start() {
    throw new EmulatorException("start: not implemented yet");
  }

  @Override
  public void stop() {}

  @Override
  public boolean isPoweredOn() {
    return false;
  }

  @Override
  public boolean isRegistered() {
    return false;
  }

  @Override
  public void attach(AtTransport link) {}

  @Override
  public InMemoryAtTransport connectInMemory() {
    InMemoryAtTransport.Pair p = InMemoryAtTransport.pair();
    attach(p.module());
    return p.mcu();
  }

  @Override
  public Optional<InetSocketAddress> lwm2mAddress() {
    return Optional.empty();
  }

  @Override
  public void addListener(Listener listener) {}
}
