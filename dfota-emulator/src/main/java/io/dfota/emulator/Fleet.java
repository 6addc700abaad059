package io.dfota.emulator;

import io.dfota.at.ModuleDriver;
import io.dfota.core.Scheduler;
import io.dfota.emulator.internal.FleetImpl;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Many {@link EmulatedModule}s in one JVM (the seed's device group, protocol-notes §1.2), with
 * consecutive IMEIs, sharing one scheduler and, for TCP AT links, one Netty event-loop group. Each
 * module can have an MCU {@link ModuleDriver} attached over its AT link (in memory, or over TCP
 * loopback), as the seed's terminal would.
 */
public interface Fleet extends AutoCloseable {

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Powers every module on (and registers it) and attaches the MCU drivers.
   *
   * @return completes when every module is up and every driver is initialised
   */
  CompletableFuture<Void> start();

  /** Stops every driver and module and releases the fleet's own threads. */
  void stop();

  @Override
  default void close() {
    stop();
  }

  /**
   * Returns the number of modules.
   *
   * @return the count
   */
  int size();

  /**
   * Returns the modules in IMEI order.
   *
   * @return the modules
   */
  List<EmulatedModule> modules();

  /**
   * Returns the module with an IMEI.
   *
   * @param imei 15 digits
   * @return the module, or empty
   */
  Optional<EmulatedModule> module(String imei);

  /**
   * Returns the MCU driver attached to a module.
   *
   * @param imei 15 digits
   * @return the driver, or empty when the fleet has no drivers or no such module
   */
  Optional<ModuleDriver> driver(String imei);

  /**
   * Returns the TCP address of a module's AT link.
   *
   * @param imei 15 digits
   * @return the address (the same for every module with {@link AtLink#TCP_SHARED_PORT}), or empty
   *     when the fleet's AT links are in memory
   */
  Optional<InetSocketAddress> atAddress(String imei);

  /** How the MCU drivers reach their modules. */
  enum AtLink {
    /** An in-memory pipe per module. */
    IN_MEMORY,
    /** A TCP server on loopback per module (one module per port), on the shared event loops. */
    TCP,
    /**
     * One TCP server on loopback for the whole fleet: each new connection gets the next module
     * without one, in IMEI order (one module per connection).
     */
    TCP_SHARED_PORT
  }

  /** Builds a {@link Fleet}. Required: server. */
  final class Builder {
    private int count = 10;
    private String tac = Imei.SEED_TAC;
    private int firstSerial = 828;
    private @Nullable InetSocketAddress server;
    private ModuleModel model = ModuleModel.BC35_G;
    private @Nullable String revision;
    private @Nullable Scheduler scheduler;
    private Function<Imei, FaultPlan> faults = i -> FaultPlan.NONE;
    private boolean drivers = true;
    private AtLink atLink = AtLink.IN_MEMORY;
    private @Nullable EventLoopGroup eventLoopGroup;
    private @Nullable Executor executor;
    private BiConsumer<Imei, EmulatedModule.Builder> customizer = (i, b) -> {};

    private Builder() {}

    /**
     * Sets the number of modules; default 10.
     *
     * @param count 1 to 10 000
     * @return this builder
     */
    public Builder count(int count) {
      if (count < 1 || count > 10_000) {
        throw new EmulatorException("count: " + count + " (expected: 1..10000)");
      }
      this.count = count;
      return this;
    }

    /**
     * Sets the first IMEI: its type allocation code and serial; the others follow with consecutive
     * serials. Default {@code 86772503}, 828 (the seed's {@code 867725030008282}).
     *
     * @param tac 8 digits
     * @param firstSerial 0 to 999 999
     * @return this builder
     */
    public Builder imeiBase(String tac, int firstSerial) {
      Imei.of(tac, firstSerial);
      this.tac = tac;
      this.firstSerial = firstSerial;
      return this;
    }

    /**
     * Sets the LwM2M server. Required.
     *
     * @param server the address
     * @return this builder
     */
    public Builder server(InetSocketAddress server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /**
     * Sets the model of every module; default BC35-G.
     *
     * @param model the model
     * @return this builder
     */
    public Builder model(ModuleModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets the initial revision of every module; default the model's.
     *
     * @param revision the revision
     * @return this builder
     */
    public Builder revision(String revision) {
      this.revision = Objects.requireNonNull(revision, "revision");
      return this;
    }

    /**
     * Sets the scheduler shared by the modules and drivers; default a private wall-clock one.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the same fault plan for every module.
     *
     * @param plan the plan
     * @return this builder
     */
    public Builder faults(FaultPlan plan) {
      Objects.requireNonNull(plan, "plan");
      this.faults = i -> plan;
      return this;
    }

    /**
     * Sets a fault plan per module.
     *
     * @param plans the plan for each IMEI
     * @return this builder
     */
    public Builder faults(Function<Imei, FaultPlan> plans) {
      this.faults = Objects.requireNonNull(plans, "plans");
      return this;
    }

    /**
     * Sets whether each module gets an MCU {@link ModuleDriver}; default true. Without drivers, a
     * TCP fleet only listens, for MCUs outside the JVM.
     *
     * @param on true for drivers
     * @return this builder
     */
    public Builder drivers(boolean on) {
      this.drivers = on;
      return this;
    }

    /**
     * Sets how the drivers reach their modules; default in memory.
     *
     * @param link the link kind
     * @return this builder
     */
    public Builder atLink(AtLink link) {
      this.atLink = Objects.requireNonNull(link, "link");
      return this;
    }

    /**
     * Sets the Netty event-loop group for TCP AT links (the caller shuts it down); default a
     * private group of one thread.
     *
     * @param group the group
     * @return this builder
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.eventLoopGroup = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * Sets the executor the modules' work runs on (each module runs one task at a time on it; the
     * caller shuts it down); default a private pool of two threads.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets a hook that adjusts each module's builder (timings, FOTA mode, echo...).
     *
     * @param customizer called with each IMEI and its builder, before build
     * @return this builder
     */
    public Builder customize(BiConsumer<Imei, EmulatedModule.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Builds the fleet (not started).
     *
     * @return the fleet
     * @throws IllegalStateException if server is missing
     */
    public Fleet build() {
      if (server == null) {
        throw new IllegalStateException("server is required");
      }
      if (firstSerial + count - 1 > 999_999) {
        throw new EmulatorException(
            "imeiBase: serial " + firstSerial + " + " + count + " (expected: <= 999999)");
      }
      return new FleetImpl(
          count,
          tac,
          firstSerial,
          server,
          model,
          revision,
          scheduler,
          faults,
          drivers,
          atLink,
          eventLoopGroup,
          executor,
          customizer);
    }
  }
}
