package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dfota.lwm2m.internal.CoapSupport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;

/** The CoAP transmission parameters (RFC 7252 §4.8) and their mapping to Californium. */
class CoapTimingTest {

  @Test
  void rfcDefaultsGiveTheRfcDerivedSpans() {
    // RFC 7252 §4.8.2: MAX_TRANSMIT_SPAN 45 s, MAX_TRANSMIT_WAIT 93 s
    assertEquals(Duration.ofSeconds(45), CoapTiming.RFC_7252.maxTransmitSpan());
    assertEquals(Duration.ofSeconds(93), CoapTiming.RFC_7252.maxTransmitWait());
  }

  @Test
  void nbIotLifetimesFollowTheRfcFormulas() {
    CoapTiming t = CoapTiming.NB_IOT;
    assertEquals(Duration.ofSeconds(135), t.maxTransmitSpan());
    assertEquals(Duration.ofSeconds(279), t.maxTransmitWait());
    // EXCHANGE_LIFETIME = MAX_TRANSMIT_SPAN + 2 * MAX_LATENCY + PROCESSING_DELAY (= ACK_TIMEOUT)
    assertEquals(
        t.maxTransmitSpan().plus(CoapTiming.RFC_MAX_LATENCY.multipliedBy(2)).plus(t.ackTimeout()),
        t.exchangeLifetime());
    // NON_LIFETIME = MAX_TRANSMIT_SPAN + MAX_LATENCY
    assertEquals(t.maxTransmitSpan().plus(CoapTiming.RFC_MAX_LATENCY), t.nonLifetime());
    CoapTiming r = CoapTiming.RFC_7252;
    assertEquals(
        r.maxTransmitSpan().plus(CoapTiming.RFC_MAX_LATENCY.multipliedBy(2)).plus(r.ackTimeout()),
        r.exchangeLifetime());
  }

  @Test
  void theCapShortensTheBackOff() {
    CoapTiming t =
        CoapTiming.builder()
            .ackTimeout(Duration.ofSeconds(1))
            .ackRandomFactor(1.0)
            .maxRetransmit(3)
            .maxAckTimeout(Duration.ofSeconds(2))
            .build();
    // waits 1, 2, 2 (capped from 4), then 2 (capped from 8) for the last ACK
    assertEquals(Duration.ofSeconds(5), t.maxTransmitSpan());
    assertEquals(Duration.ofSeconds(7), t.maxTransmitWait());
  }

  @Test
  void everyParameterReachesTheCaliforniumConfiguration() {
    Configuration c = CoapSupport.configuration(CoapTiming.NB_IOT, 1);
    assertEquals(6000, c.get(CoapConfig.ACK_TIMEOUT, TimeUnit.MILLISECONDS));
    assertEquals(144_000, c.get(CoapConfig.MAX_ACK_TIMEOUT, TimeUnit.MILLISECONDS));
    assertEquals(1.5f, c.get(CoapConfig.ACK_INIT_RANDOM));
    assertEquals(4, c.get(CoapConfig.MAX_RETRANSMIT));
    assertEquals(1, c.get(CoapConfig.NSTART));
    assertEquals(341_000, c.get(CoapConfig.EXCHANGE_LIFETIME, TimeUnit.MILLISECONDS));
    assertEquals(235_000, c.get(CoapConfig.NON_LIFETIME, TimeUnit.MILLISECONDS));
    assertEquals(279_000, c.get(CoapConfig.MAX_TRANSMIT_WAIT, TimeUnit.MILLISECONDS));
    assertEquals(600_000, c.get(CoapConfig.BLOCKWISE_STATUS_LIFETIME, TimeUnit.MILLISECONDS));
  }

  @Test
  void theTwoArgumentFormKeepsItsOldMeaning() {
    CoapTiming t = CoapTiming.of(Duration.ofMillis(300), 3);
    assertEquals(Duration.ofMillis(300), t.ackTimeout());
    assertEquals(1.0, t.ackRandomFactor());
    assertEquals(3, t.maxRetransmit());
    assertEquals(Duration.ofMillis(1200), t.maxAckTimeout());
    Configuration old = CoapSupport.configuration(Duration.ofMillis(300), 3, 1);
    assertEquals(300, old.get(CoapConfig.ACK_TIMEOUT, TimeUnit.MILLISECONDS));
    assertEquals(1200, old.get(CoapConfig.MAX_ACK_TIMEOUT, TimeUnit.MILLISECONDS));
    assertEquals(1.0f, old.get(CoapConfig.ACK_INIT_RANDOM));
    assertEquals(3, old.get(CoapConfig.MAX_RETRANSMIT));
  }

  @Test
  void refusesValuesOutOfRange() {
    CoapTiming.Builder b = CoapTiming.NB_IOT.toBuilder();
    assertThrows(Lwm2mException.class, () -> b.ackRandomFactor(0.5).build());
    assertThrows(
        Lwm2mException.class, () -> CoapTiming.NB_IOT.toBuilder().maxRetransmit(11).build());
    assertThrows(Lwm2mException.class, () -> CoapTiming.NB_IOT.toBuilder().nstart(0).build());
    assertThrows(
        Lwm2mException.class,
        () -> CoapTiming.NB_IOT.toBuilder().exchangeLifetime(Duration.ZERO).build());
    assertThrows(
        Lwm2mException.class,
        () ->
            CoapTiming.NB_IOT.toBuilder()
                .ackTimeout(Duration.ofSeconds(10))
                .maxAckTimeout(Duration.ofSeconds(5))
                .build());
  }

  @Test
  void nbIotTimingStretchesTheDefaultOperationAndRequestTimeouts() {
    // a timeout shorter than MAX_TRANSMIT_WAIT would give up on a CON still being retransmitted
    assertEquals(
        Duration.ofSeconds(279),
        Lwm2mServer.Builder.atLeast(Duration.ofSeconds(93), CoapTiming.NB_IOT));
    assertEquals(
        Duration.ofSeconds(93),
        Lwm2mServer.Builder.atLeast(Duration.ofSeconds(93), CoapTiming.RFC_7252));
  }
}
