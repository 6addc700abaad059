package io.dfota.lwm2m.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.VirtualScheduler;
import io.dfota.lwm2m.DeviceRegistry;
import io.dfota.lwm2m.Registration;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's expiry lists (one timer per lifetime) and its shared values. */
class RegistryImplTest {
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final RegistryImpl registry = new RegistryImpl(scheduler, GRACE, 100);
  private final List<String> expired = new ArrayList<>();

  RegistryImplTest() {
    registry.addListener(
        new DeviceRegistry.Listener() {
          @Override
          public void onDeregistered(Registration registration, boolean byExpiry) {
            expired.add(registration.endpoint() + (byExpiry ? ":expired" : ":deregistered"));
          }
        });
  }

  private Registration register(String ep, int port, long lifetimeSeconds) {
    Registration r =
        registry.register(
            ep,
            new InetSocketAddress("127.0.0.1", port),
            Duration.ofSeconds(lifetimeSeconds),
            new String(new char[] {'U'}),
            "1.0",
            List.of(new String("/3/0".toCharArray()), new String("/5/0".toCharArray())));
    assertNotNull(r);
    return r;
  }

  @Test
  void eachRegistrationExpiresAtItsLastUpdatePlusLifetimePlusGraceAcrossLifetimes() {
    register("a", 5001, 100);
    register("b", 5002, 50);
    scheduler.advance(Duration.ofSeconds(20));
    register("c", 5003, 100);
    scheduler.advance(Duration.ofSeconds(39)); // t = 59
    assertEquals(List.of(), expired);
    scheduler.advance(Duration.ofSeconds(1)); // t = 60: b (0 + 50 + 10)
    assertEquals(List.of("b:expired"), expired);
    scheduler.advance(Duration.ofSeconds(49)); // t = 109
    assertEquals(List.of("b:expired"), expired);
    scheduler.advance(Duration.ofSeconds(1)); // t = 110: a
    assertEquals(List.of("b:expired", "a:expired"), expired);
    scheduler.advance(Duration.ofSeconds(20)); // t = 130: c
    assertEquals(List.of("b:expired", "a:expired", "c:expired"), expired);
    assertTrue(registry.all().isEmpty());
  }

  @Test
  void anUpdatePostponesExpiryWhileOthersOfTheSameLifetimeStillExpire() {
    Registration a = register("a", 5001, 100);
    register("b", 5002, 100);
    scheduler.advance(Duration.ofSeconds(90));
    assertTrue(registry.update(a.id(), a.address(), null, null, null).isPresent(), "update of a");
    scheduler.advance(Duration.ofSeconds(20)); // t = 110: b expires, a was updated at 90
    assertEquals(List.of("b:expired"), expired);
    assertTrue(registry.get("a").isPresent());
    scheduler.advance(Duration.ofSeconds(89)); // t = 199
    assertEquals(List.of("b:expired"), expired);
    scheduler.advance(Duration.ofSeconds(1)); // t = 200
    assertEquals(List.of("b:expired", "a:expired"), expired);
  }

  @Test
  void aLifetimeChangeMovesTheRegistrationToItsNewDeadline() {
    Registration a = register("a", 5001, 100);
    scheduler.advance(Duration.ofSeconds(10));
    registry.update(a.id(), a.address(), Duration.ofSeconds(20), null, null).orElseThrow();
    scheduler.advance(Duration.ofSeconds(29)); // t = 39
    assertEquals(List.of(), expired);
    scheduler.advance(Duration.ofSeconds(1)); // t = 40 = 10 + 20 + 10
    assertEquals(List.of("a:expired"), expired);
  }

  @Test
  void reRegistrationAndDeregistrationLeaveNoStaleExpiry() {
    register("a", 5001, 100);
    scheduler.advance(Duration.ofSeconds(50));
    Registration again = register("a", 5002, 100);
    Registration b = register("b", 5003, 100);
    assertTrue(registry.deregister(b.id()).isPresent());
    assertTrue(registry.byAddress(new InetSocketAddress("127.0.0.1", 5001)).isEmpty());
    assertEquals("a", registry.byAddress(again.address()).orElseThrow().endpoint());
    scheduler.advance(Duration.ofSeconds(100)); // t = 150: the first registration's deadline
    assertEquals(List.of("b:deregistered"), expired);
    assertTrue(registry.get("a").isPresent());
    scheduler.advance(Duration.ofSeconds(10)); // t = 160
    assertEquals(List.of("b:deregistered", "a:expired"), expired);
    assertNull(registry.byId(again.id()).orElse(null));
  }

  @Test
  void devicesWithEqualBindingVersionLifetimeAndLinksShareOneInstanceOfEach() {
    Registration a = register("a", 5001, 100);
    Registration b = register("b", 5002, 100);
    assertSame(a.objectLinks(), b.objectLinks());
    assertSame(a.binding(), b.binding());
    assertSame(a.lifetime(), b.lifetime());
    assertEquals(List.of("/3/0", "/5/0"), b.objectLinks());
  }
}
