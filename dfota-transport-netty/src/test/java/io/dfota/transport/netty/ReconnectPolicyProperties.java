package io.dfota.transport.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ReconnectPolicyProperties {

  @Property(tries = 500)
  void delayStaysInTheJitterBandAndUnderTheCap(
      @ForAll @LongRange(min = 1, max = 10_000) long initialMillis,
      @ForAll @LongRange(min = 0, max = 1_000_000) long extraMillis,
      @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double jitter,
      @ForAll @IntRange(min = 0, max = 10_000) int attempt,
      @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double random) {
    Duration initial = Duration.ofMillis(initialMillis);
    Duration max = initial.plusMillis(extraMillis);
    ReconnectPolicy p = new ReconnectPolicy(initial, max, multiplier, jitter);

    long delay = p.delay(attempt, random).toNanos();
    double base =
        Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 2000)));
    assertTrue(delay <= max.toNanos(), () -> delay + " > cap " + max);
    assertTrue(
        delay >= (long) (base * (1 - jitter)) - 1, () -> delay + " under the band of " + base);
  }

  @Property(tries = 200)
  void withoutJitterTheDelayNeverShrinksAndReachesTheCap(
      @ForAll @LongRange(min = 1, max = 5_000) long initialMillis,
      @ForAll @DoubleRange(min = 1.1, max = 4.0) double multiplier,
      @ForAll @IntRange(min = 0, max = 200) int attempt) {
    Duration cap = Duration.ofMinutes(5);
    ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(initialMillis), cap, multiplier, 0.0);
    assertTrue(p.delay(attempt, 0.5).compareTo(p.delay(attempt + 1, 0.5)) <= 0);
    assertEquals(cap, p.delay(10_000, 0.5));
    assertEquals(Duration.ofMillis(initialMillis), p.delay(0, 0.5));
  }

  @Property(tries = 100)
  void rejectsJitterOutsideZeroToOne(
      @ForAll @DoubleRange(min = 1.0, max = 100.0, minIncluded = false) double jitter) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 2.0, jitter));
    assertTrue(e.getMessage().startsWith("jitter: "), e.getMessage());
  }
}
