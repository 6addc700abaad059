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
 *
 * <p>Sized for a million devices: the values devices share (binding, version, lifetime, object
 * links) are kept once, and expiry runs one timer per distinct lifetime over a list of the
 * registrations in update order (a registration's deadline is its last update plus lifetime plus
 * grace, so the list is in deadline order), not one timer per device.
 */
public final class RegistryImpl implements DeviceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryImpl.class);

  private final Scheduler scheduler;
  private final Duration grace;
  private final int max;
  private final SecureRandom random = new SecureRandom();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private final Map<String, Slot> byEndpoint = new HashMap<>();
  private final Map<String, String> endpointById = new HashMap<>();
  private final Map<InetSocketAddress, String> endpointByAddress = new HashMap<>();
  private final Map<Duration, Lane> lanes = new HashMap<>();
  private final Map<Object, Object> shared = new HashMap<>();

  /** The most distinct shared values (bindings, versions, lifetimes, link lists) kept once. */
  static final int MAX_SHARED = 4096;

  /** A registration in its lifetime's expiry list. */
  private static final class Slot {
    final Registration reg;
    @Nullable Slot prev;
    @Nullable Slot next;

    Slot(Registration reg) {
      this.reg = reg;
    }
  }

  /** The registrations of one lifetime, oldest update first, and the timer of the first. */
  private static final class Lane {
    final Duration lifetime;
    @Nullable Slot head;
    @Nullable Slot tail;
    Scheduler.@Nullable Cancellable timer;

    Lane(Duration lifetime) {
      this.lifetime = lifetime;
    }
  }

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
    return Optional.ofNullable(reg(endpoint));
  }

  @Override
  public synchronized Collection<Registration> all() {
    List<Registration> out = new ArrayList<>(byEndpoint.size());
    for (Slot s : byEndpoint.values()) {
      out.add(s.reg);
    }
    return List.copyOf(out);
  }

  private @Nullable Registration reg(String endpoint) {
    Slot s = byEndpoint.get(endpoint);
    return s == null ? null : s.reg;
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  synchronized Optional<Registration> byId(String id) {
    String ep = endpointById.get(id);
    return ep == null ? Optional.empty() : Optional.ofNullable(reg(ep));
  }

  synchronized Optional<Registration> byAddress(InetSocketAddress address) {
    String ep = endpointByAddress.get(address);
    return ep == null ? Optional.empty() : Optional.ofNullable(reg(ep));
  }

  /** What a Register comes to: a registration, or a refusal. */
  sealed interface Claim {}

  /** Registered (new or replacing the same device's registration). */
  record Registered(Registration registration) implements Claim {}

  /** Refused: the registry is full. */
  record Full() implements Claim {}

  /** Refused by {@link EndpointClaims}: the endpoint is registered from another host. */
  record Taken(String reason) implements Claim {}

  /**
   * Adds or replaces a registration ({@code POST /rd}) of a device that is not authenticated,
   * applying {@link EndpointClaims}; used by benchmarks that fill the registry without CoAP.
   *
   * @param endpoint the endpoint name
   * @param address the device's address
   * @param lifetime the lifetime
   * @param binding the binding
   * @param version the LwM2M version
   * @param links the object links
   * @return the new registration, or null when the registry is full or the name is taken
   */
  public @Nullable Registration register(
      String endpoint,
      InetSocketAddress address,
      Duration lifetime,
      String binding,
      String version,
      List<String> links) {
    return claim(endpoint, address, lifetime, binding, version, links, false)
            instanceof Registered r
        ? r.registration()
        : null;
  }

  /**
   * Adds or replaces a registration, applying {@link EndpointClaims}; a refusal changes nothing.
   *
   * @param authenticated whether the request's DTLS identity was already checked to own the
   *     endpoint
   * @return the outcome
   */
  Claim claim(
      String endpoint,
      InetSocketAddress address,
      Duration lifetime,
      String binding,
      String version,
      List<String> links,
      boolean authenticated) {
    Registration reg;
    synchronized (this) {
      Registration old = reg(endpoint);
      if (old == null && byEndpoint.size() >= max) {
        return new Full();
      }
      if (old != null) {
        Optional<String> refusal = EndpointClaims.refusal(old, address, authenticated);
        if (refusal.isPresent()) {
          return new Taken(refusal.get());
        }
        removeIndexes(old);
      }
      byte[] idBytes = new byte[8];
      random.nextBytes(idBytes);
      String id = HexFormat.of().formatHex(idBytes);
      Instant now = scheduler.now();
      reg =
          new Registration(
              endpoint,
              id,
              address,
              share(lifetime),
              share(binding),
              share(version),
              shareLinks(links),
              now,
              now);
      index(reg);
    }
    LOG.info("registered {} from {} (lt={}s)", endpoint, address, lifetime.getSeconds());
    fire(l -> l.onRegistered(reg));
    return new Registered(reg);
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
      Registration old = ep == null ? null : reg(ep);
      if (old == null) {
        return Optional.empty();
      }
      removeIndexes(old);
      reg =
          new Registration(
              old.endpoint(),
              old.id(),
              address,
              lifetime != null ? share(lifetime) : old.lifetime(),
              binding != null ? share(binding) : old.binding(),
              old.lwm2mVersion(),
              links != null ? shareLinks(links) : old.objectLinks(),
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
      reg = ep == null ? null : reg(ep);
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
    for (Lane lane : lanes.values()) {
      if (lane.timer != null) {
        lane.timer.cancel();
      }
    }
    lanes.clear();
  }

  /** Returns the kept instance equal to a value devices share, keeping it if there is room. */
  @SuppressWarnings("unchecked")
  private <T> T share(T value) {
    Object kept = shared.get(value);
    if (kept != null) {
      return (T) kept;
    }
    if (shared.size() < MAX_SHARED) {
      shared.put(value, value);
    }
    return value;
  }

  private List<String> shareLinks(List<String> links) {
    List<String> copy = new ArrayList<>(links.size());
    for (String l : links) {
      copy.add(share(l));
    }
    return share(List.copyOf(copy));
  }

  private void index(Registration reg) {
    Slot slot = new Slot(reg);
    Slot old = byEndpoint.put(reg.endpoint(), slot);
    if (old != null) {
      unlink(old);
    }
    endpointById.put(reg.id(), reg.endpoint());
    endpointByAddress.put(reg.address(), reg.endpoint());
    Lane lane = lanes.get(reg.lifetime());
    if (lane == null) {
      lane = new Lane(reg.lifetime());
      lanes.put(reg.lifetime(), lane);
    }
    slot.prev = lane.tail;
    if (lane.tail != null) {
      lane.tail.next = slot;
    } else {
      lane.head = slot;
    }
    lane.tail = slot;
    if (lane.timer == null) {
      armLane(lane);
    }
  }

  private void removeIndexes(Registration reg) {
    endpointById.remove(reg.id());
    endpointByAddress.remove(reg.address(), reg.endpoint());
    Slot slot = byEndpoint.get(reg.endpoint());
    if (slot != null && slot.reg == reg) {
      unlink(slot);
    }
  }

  private void unlink(Slot slot) {
    Lane lane = lanes.get(slot.reg.lifetime());
    if (lane == null || (slot.prev == null && lane.head != slot)) {
      return; // not linked
    }
    if (slot.prev != null) {
      slot.prev.next = slot.next;
    } else {
      lane.head = slot.next;
    }
    if (slot.next != null) {
      slot.next.prev = slot.prev;
    } else {
      lane.tail = slot.prev;
    }
    slot.prev = null;
    slot.next = null;
    if (lane.head == null) {
      if (lane.timer != null) {
        lane.timer.cancel();
      }
      lanes.remove(lane.lifetime);
    }
  }

  private Instant deadline(Registration reg) {
    return reg.lastUpdate().plus(reg.lifetime()).plus(grace);
  }

  /** Arms the lane's timer for its first registration's deadline (the lock is held). */
  private void armLane(Lane lane) {
    Slot head = lane.head;
    if (head == null) {
      lane.timer = null;
      return;
    }
    Duration delay = Duration.between(scheduler.now(), deadline(head.reg));
    lane.timer = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> expire(lane));
  }

  private void expire(Lane lane) {
    List<Registration> expired = new ArrayList<>();
    synchronized (this) {
      if (lanes.get(lane.lifetime) != lane) {
        return;
      }
      Instant now = scheduler.now();
      Slot head = lane.head;
      while (head != null && !deadline(head.reg).isAfter(now)) {
        Registration reg = head.reg;
        removeIndexes(reg);
        byEndpoint.remove(reg.endpoint());
        expired.add(reg);
        head = lane.head;
      }
      if (lanes.get(lane.lifetime) == lane) {
        armLane(lane);
      }
    }
    for (Registration reg : expired) {
      LOG.info("registration of {} expired", reg.endpoint());
      fire(l -> l.onDeregistered(reg, true));
    }
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
