package io.dfota.lwm2m.internal;

import io.dfota.core.Scheduler;
import io.dfota.lwm2m.DeviceRegistry;
import io.dfota.lwm2m.Registration;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry behind the Registration Interface: registrations by endpoint, id and address, with
 * expiry on the {@link Scheduler} (lifetime plus a grace period).
 */
public final class RegistryImpl implements DeviceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryImpl.class);

  private final Scheduler scheduler;
  private final Duration grace;
  private final int max;
  private final SecureRandom random = new SecureRandom();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private final Map<String, Registration> byEndpoint = new HashMap<>();
  private final Map<String, String> endpointById = new HashMap<>();
  private final Map<InetSocketAddress, String> endpointByAddress = new HashMap<>();
  private final Map<String, Scheduler.Cancellable> expiry = new HashMap<>();

  /**
   * Creates an empty registry (the server makes one; benchmarks fill one directly).
   *
   * @param scheduler the scheduler expiry timers run on
   * @param grace how long after its lifetime a registration expires
   * @param max the most registrations kept
   */
  public RegistryImpl(Scheduler scheduler, Duration grace, int max) {
    this.scheduler = scheduler;
    this.grace = grace;
    this.max = max;
  }

  @Override
  public synchronized Optional<Registration> get(String endpoint) {
    return Optional.ofNullable(byEndpoint.get(endpoint));
  }

  @Override
  public synchronized Collection<Registration> all() {
    return List.copyOf(byEndpoint.values());
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  synchronized Optional<Registration> byId(String id) {
    String ep = endpointById.get(id);
    return ep == null ? Optional.empty() : Optional.ofNullable(byEndpoint.get(ep));
  }

  synchronized Optional<Registration> byAddress(InetSocketAddress address) {
    String ep = endpointByAddress.get(address);
    return ep == null ? Optional.empty() : Optional.ofNullable(byEndpoint.get(ep));
  }

  /**
   * Adds or replaces a registration ({@code POST /rd}).
   *
   * @param endpoint the endpoint name
   * @param address the device's address
   * @param lifetime the lifetime
   * @param binding the binding
   * @param version the LwM2M version
   * @param links the object links
   * @return the new registration, or null when the registry is full
   */
  public @Nullable Registration register(
      String endpoint,
      InetSocketAddress address,
      Duration lifetime,
      String binding,
      String version,
      List<String> links) {
    Registration reg;
    synchronized (this) {
      Registration old = byEndpoint.get(endpoint);
      if (old == null && byEndpoint.size() >= max) {
        return null;
      }
      if (old != null) {
        removeIndexes(old);
      }
      byte[] idBytes = new byte[8];
      random.nextBytes(idBytes);
      String id = HexFormat.of().formatHex(idBytes);
      Instant now = scheduler.now();
      reg = new Registration(endpoint, id, address, lifetime, binding, version, links, now, now);
      index(reg);
    }
    LOG.info("registered {} from {} (lt={}s)", endpoint, address, lifetime.getSeconds());
    fire(l -> l.onRegistered(reg));
    return reg;
  }

  /** Updates a registration; returns empty for an unknown id. */
  Optional<Registration> update(
      String id,
      InetSocketAddress address,
      @Nullable Duration lifetime,
      @Nullable String binding,
      @Nullable List<String> links) {
    Registration reg;
    synchronized (this) {
      String ep = endpointById.get(id);
      Registration old = ep == null ? null : byEndpoint.get(ep);
      if (old == null) {
        return Optional.empty();
      }
      removeIndexes(old);
      reg =
          new Registration(
              old.endpoint(),
              old.id(),
              address,
              lifetime != null ? lifetime : old.lifetime(),
              binding != null ? binding : old.binding(),
              old.lwm2mVersion(),
              links != null ? links : old.objectLinks(),
              old.registered(),
              scheduler.now());
      index(reg);
    }
    fire(l -> l.onUpdated(reg));
    return Optional.of(reg);
  }

  /** Removes a registration by id; returns it, or empty if unknown. */
  Optional<Registration> deregister(String id) {
    Registration reg;
    synchronized (this) {
      String ep = endpointById.get(id);
      reg = ep == null ? null : byEndpoint.get(ep);
      if (reg == null) {
        return Optional.empty();
      }
      removeIndexes(reg);
      byEndpoint.remove(reg.endpoint());
    }
    LOG.info("de-registered {}", reg.endpoint());
    Registration r = reg;
    fire(l -> l.onDeregistered(r, false));
    return Optional.of(reg);
  }

  void uplink(Registration reg, byte[] data) {
    fire(l -> l.onUplink(reg, data.clone()));
  }

  synchronized void close() {
    expiry.values().forEach(Scheduler.Cancellable::cancel);
    expiry.clear();
  }

  private void index(Registration reg) {
    byEndpoint.put(reg.endpoint(), reg);
    endpointById.put(reg.id(), reg.endpoint());
    endpointByAddress.put(reg.address(), reg.endpoint());
    Scheduler.Cancellable old =
        expiry.put(
            reg.endpoint(), scheduler.schedule(reg.lifetime().plus(grace), () -> expire(reg)));
    if (old != null) {
      old.cancel();
    }
  }

  private void removeIndexes(Registration reg) {
    endpointById.remove(reg.id());
    endpointByAddress.remove(reg.address(), reg.endpoint());
    Scheduler.Cancellable t = expiry.remove(reg.endpoint());
    if (t != null) {
      t.cancel();
    }
  }

  private void expire(Registration reg) {
    synchronized (this) {
      if (byEndpoint.get(reg.endpoint()) != reg) {
        return;
      }
      removeIndexes(reg);
      byEndpoint.remove(reg.endpoint());
    }
    LOG.info("registration of {} expired", reg.endpoint());
    fire(l -> l.onDeregistered(reg, true));
  }

  private void fire(Consumer<Listener> event) {
    List<Listener> copy = new ArrayList<>(listeners);
    for (Listener l : copy) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("registry listener failed", e);
      }
    }
  }
}
