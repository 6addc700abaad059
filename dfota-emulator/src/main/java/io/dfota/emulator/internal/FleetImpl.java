package io.dfota.emulator.internal;

import io.dfota.at.ModuleDriver;
import io.dfota.core.Scheduler;
import io.dfota.emulator.EmulatedModule;
import io.dfota.emulator.FaultPlan;
import io.dfota.emulator.Fleet;
import io.dfota.emulator.Imei;
import io.dfota.emulator.ModuleModel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The fleet (work in progress: API only). */
public final class FleetImpl implements Fleet {

  /**
   * Creates the fleet.
   *
   * @param count the number of modules
   * @param tac the IMEI type allocation code
   * @param firstSerial the first serial
   * @param server the LwM2M server
   * @param model the model
   * @param revision the initial revision, or null for the model's
   * @param scheduler the scheduler, or null for a private one
   * @param faults the fault plan per IMEI
   * @param drivers whether to attach MCU drivers
   * @param atLink the AT link kind
   * @param group the event-loop group, or null for a private one
   * @param customizer the module builder hook
   */
  public FleetImpl(
      int count,
      String tac,
      int firstSerial,
      InetSocketAddress server,
      ModuleModel model,
      @Nullable String revision,
      @Nullable Scheduler scheduler,
      Function<Imei, FaultPlan> faults,
      boolean drivers,
      Fleet.AtLink atLink,
      @Nullable EventLoopGroup group,
      BiConsumer<Imei, EmulatedModule.Builder> customizer) {}

  @Override
  public CompletableFuture<Void> start() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void stop() {}

  @Override
  public int size() {
    return 0;
  }

  @Override
  public List<EmulatedModule> modules() {
    return List.of();
  }

  @Override
  public Optional<EmulatedModule> module(String imei) {
    return Optional.empty();
  }

  @Override
  public Optional<ModuleDriver> driver(String imei) {
    return Optional.empty();
  }

  @Override
  public Optional<InetSocketAddress> atAddress(String imei) {
    return Optional.empty();
  }
}
