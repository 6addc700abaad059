package io.dfota.lwm2m;

import java.time.Duration;
import java.util.Objects;

/**
 * The CoAP transmission parameters of one endpoint (RFC 7252 §4.8): how long a confirmable message
 * waits for its ACK, how often it is retransmitted, how long exchange state and Block2 transfer
 * state are kept. The client (device role), the server (platform role) and the emulator take one
 * (protocol-notes §6 P12: a CON round trip over NB-IoT takes 1–3 s in good coverage, several times
 * that at coverage enhancement level 2). See {@code docs/coap-timing.md}.
 *
 * <p>A CON message is first retransmitted after a random time between {@code ackTimeout} and {@code
 * ackTimeout * ackRandomFactor}; each further wait doubles, capped at {@code maxAckTimeout}, until
 * {@code maxRetransmit} retransmissions went unanswered. Derived from these (§4.8.2): {@link
 * #maxTransmitSpan()} and {@link #maxTransmitWait()}.
 *
 * @param ackTimeout ACK_TIMEOUT, the initial retransmission timeout
 * @param ackRandomFactor ACK_RANDOM_FACTOR, 1.0 to 4.0 (1.0: no randomisation)
 * @param maxRetransmit MAX_RETRANSMIT, 0 to 10
 * @param maxAckTimeout the cap on one backed-off retransmission timeout (Californium's {@code
 *     MAX_ACK_TIMEOUT}), at least {@code ackTimeout}
 * @param nstart NSTART, outstanding CON exchanges per peer, 1 to 16
 * @param exchangeLifetime EXCHANGE_LIFETIME, how long a CON message id and its response are kept to
 *     answer duplicates
 * @param nonLifetime NON_LIFETIME, how long a NON message id is kept to detect duplicates
 * @param blockwiseStatusLifetime how long an unfinished transparent blockwise transfer is kept
 *     (Californium's {@code BLOCKWISE_STATUS_LIFETIME})
 */
public record CoapTiming(
    Duration ackTimeout,
    double ackRandomFactor,
    int maxRetransmit,
    Duration maxAckTimeout,
    int nstart,
    Duration exchangeLifetime,
    Duration nonLifetime,
    Duration blockwiseStatusLifetime) {

  /** RFC 7252 §4.8: MAX_LATENCY, the longest a datagram is assumed to take through the network. */
  public static final Duration RFC_MAX_LATENCY = Duration.ofSeconds(100);

  /**
   * The defaults of RFC 7252 §4.8 and §4.8.2: ACK_TIMEOUT 2 s, ACK_RANDOM_FACTOR 1.5,
   * MAX_RETRANSMIT 4 (no cap on the back-off: 48 s), NSTART 1, EXCHANGE_LIFETIME 247 s,
   * NON_LIFETIME 145 s; Block2 state 300 s (Californium's default).
   */
  public static final CoapTiming RFC_7252 =
      new CoapTiming(
          Duration.ofSeconds(2),
          1.5,
          4,
          Duration.ofSeconds(48),
          1,
          Duration.ofSeconds(247),
          Duration.ofSeconds(145),
          Duration.ofSeconds(300));

  /**
   * Loopback, for tests and the demo: ACK_TIMEOUT 200 ms, ACK_RANDOM_FACTOR 1.5, MAX_RETRANSMIT 4
   * (back-off capped at 2 s), NSTART 1, EXCHANGE_LIFETIME 30 s, NON_LIFETIME 20 s, Block2 state 30
   * s. A round trip on loopback takes well under a millisecond, so a lost datagram costs 0.2–0.3 s.
   */
  public static final CoapTiming LOOPBACK =
      new CoapTiming(
          Duration.ofMillis(200),
          1.5,
          4,
          Duration.ofSeconds(2),
          1,
          Duration.ofSeconds(30),
          Duration.ofSeconds(20),
          Duration.ofSeconds(30));

  /**
   * An NB-IoT link (protocol-notes §6 P12): one-way latency 1–3 s, so round trips of 2–6 s, and
   * lost datagrams. ACK_TIMEOUT 6 s, so that the first retransmission (after 6–9 s) comes after the
   * slowest expected answer and a retransmission almost always means a loss, not a slow reply (RFC
   * 7252 §4.8.1 lets ACK_TIMEOUT grow for such paths); ACK_RANDOM_FACTOR 1.5 and MAX_RETRANSMIT 4
   * as in the RFC, back-off uncapped (144 s), so MAX_TRANSMIT_SPAN is 135 s and MAX_TRANSMIT_WAIT
   * 279 s; NSTART 1 (one exchange in flight per peer, RFC 7252 §4.7, as a module runs one at a
   * time); EXCHANGE_LIFETIME = MAX_TRANSMIT_SPAN + 2 × MAX_LATENCY + ACK_TIMEOUT = 341 s and
   * NON_LIFETIME = MAX_TRANSMIT_SPAN + MAX_LATENCY = 235 s (§4.8.2 with MAX_LATENCY 100 s); Block2
   * state 600 s, longer than two MAX_TRANSMIT_WAITs, so a block retried to the limit still finds
   * its transfer.
   */
  public static final CoapTiming NB_IOT =
      new CoapTiming(
          Duration.ofSeconds(6),
          1.5,
          4,
          Duration.ofSeconds(144),
          1,
          Duration.ofSeconds(341),
          Duration.ofSeconds(235),
          Duration.ofSeconds(600));

  /** Validates the parameters. */
  public CoapTiming {
    positive("ackTimeout", ackTimeout);
    if (!(ackRandomFactor >= 1.0 && ackRandomFactor <= 4.0)) {
      throw new Lwm2mException("ackRandomFactor: " + ackRandomFactor + " (expected: 1.0..4.0)");
    }
    if (maxRetransmit < 0 || maxRetransmit > 10) {
      throw new Lwm2mException("maxRetransmit: " + maxRetransmit + " (expected: 0..10)");
    }
    positive("maxAckTimeout", maxAckTimeout);
    if (maxAckTimeout.compareTo(ackTimeout) < 0) {
      throw new Lwm2mException(
          "maxAckTimeout: " + maxAckTimeout + " (expected: >= ackTimeout " + ackTimeout + ")");
    }
    if (nstart < 1 || nstart > 16) {
      throw new Lwm2mException("nstart: " + nstart + " (expected: 1..16)");
    }
    positive("exchangeLifetime", exchangeLifetime);
    positive("nonLifetime", nonLifetime);
    positive("blockwiseStatusLifetime", blockwiseStatusLifetime);
  }

  /**
   * The timing the builders' {@code coapTiming(Duration, int)} always set: no randomisation, the
   * back-off capped at four times the ACK timeout, Californium's default lifetimes
   * (EXCHANGE_LIFETIME 247 s, NON_LIFETIME 145 s, Block2 state 300 s).
   *
   * @param ackTimeout the ACK timeout
   * @param maxRetransmit 0 to 10
   * @return the timing
   */
  public static CoapTiming of(Duration ackTimeout, int maxRetransmit) {
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Duration ack = ackTimeout.toMillis() < 1 ? Duration.ofMillis(1) : ackTimeout;
    return new CoapTiming(
        ack,
        1.0,
        maxRetransmit,
        ack.multipliedBy(4),
        1,
        RFC_7252.exchangeLifetime,
        RFC_7252.nonLifetime,
        RFC_7252.blockwiseStatusLifetime);
  }

  /**
   * Returns MAX_TRANSMIT_SPAN (RFC 7252 §4.8.2): the longest time from the first transmission of a
   * CON message to its last retransmission, with the largest random timeouts and the cap.
   *
   * @return the span
   */
  public Duration maxTransmitSpan() {
    return backoffSum(maxRetransmit);
  }

  /**
   * Returns MAX_TRANSMIT_WAIT (RFC 7252 §4.8.2): the longest time from the first transmission of a
   * CON message until the sender gives up waiting for its ACK. An operation on the peer needs a
   * timeout at least this long.
   *
   * @return the wait
   */
  public Duration maxTransmitWait() {
    return backoffSum(maxRetransmit + 1);
  }

  private Duration backoffSum(int timeouts) {
    double first = ackTimeout.toMillis() * ackRandomFactor;
    double total = 0;
    double t = first;
    for (int i = 0; i < timeouts; i++) {
      total += Math.min(t, maxAckTimeout.toMillis());
      t *= 2;
    }
    return Duration.ofMillis((long) Math.ceil(total));
  }

  /**
   * Returns a builder starting from these values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns a builder starting from {@link #RFC_7252}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(RFC_7252);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new Lwm2mException(name + ": " + d + " (expected: > 0)");
    }
  }

  /** Builds a {@link CoapTiming}; {@link #build()} validates. */
  public static final class Builder {
    private Duration ackTimeout;
    private double ackRandomFactor;
    private int maxRetransmit;
    private Duration maxAckTimeout;
    private int nstart;
    private Duration exchangeLifetime;
    private Duration nonLifetime;
    private Duration blockwiseStatusLifetime;

    private Builder(CoapTiming t) {
      this.ackTimeout = t.ackTimeout;
      this.ackRandomFactor = t.ackRandomFactor;
      this.maxRetransmit = t.maxRetransmit;
      this.maxAckTimeout = t.maxAckTimeout;
      this.nstart = t.nstart;
      this.exchangeLifetime = t.exchangeLifetime;
      this.nonLifetime = t.nonLifetime;
      this.blockwiseStatusLifetime = t.blockwiseStatusLifetime;
    }

    /**
     * Sets ACK_TIMEOUT.
     *
     * @param v the initial retransmission timeout
     * @return this builder
     */
    public Builder ackTimeout(Duration v) {
      this.ackTimeout = v;
      return this;
    }

    /**
     * Sets ACK_RANDOM_FACTOR.
     *
     * @param v 1.0 to 4.0
     * @return this builder
     */
    public Builder ackRandomFactor(double v) {
      this.ackRandomFactor = v;
      return this;
    }

    /**
     * Sets MAX_RETRANSMIT.
     *
     * @param v 0 to 10
     * @return this builder
     */
    public Builder maxRetransmit(int v) {
      this.maxRetransmit = v;
      return this;
    }

    /**
     * Sets the cap on one backed-off retransmission timeout.
     *
     * @param v at least the ACK timeout
     * @return this builder
     */
    public Builder maxAckTimeout(Duration v) {
      this.maxAckTimeout = v;
      return this;
    }

    /**
     * Sets NSTART.
     *
     * @param v 1 to 16
     * @return this builder
     */
    public Builder nstart(int v) {
      this.nstart = v;
      return this;
    }

    /**
     * Sets EXCHANGE_LIFETIME.
     *
     * @param v the lifetime
     * @return this builder
     */
    public Builder exchangeLifetime(Duration v) {
      this.exchangeLifetime = v;
      return this;
    }

    /**
     * Sets NON_LIFETIME.
     *
     * @param v the lifetime
     * @return this builder
     */
    public Builder nonLifetime(Duration v) {
      this.nonLifetime = v;
      return this;
    }

    /**
     * Sets how long an unfinished blockwise transfer is kept.
     *
     * @param v the lifetime
     * @return this builder
     */
    public Builder blockwiseStatusLifetime(Duration v) {
      this.blockwiseStatusLifetime = v;
      return this;
    }

    /**
     * Builds the timing.
     *
     * @return the timing
     * @throws Lwm2mException if a value is out of range
     */
    public CoapTiming build() {
      return new CoapTiming(
          ackTimeout,
          ackRandomFactor,
          maxRetransmit,
          maxAckTimeout,
          nstart,
          exchangeLifetime,
          nonLifetime,
          blockwiseStatusLifetime);
    }
  }
}
