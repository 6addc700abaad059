package io.dfota.cli;

import io.dfota.lwm2m.CoapTiming;
import io.dfota.lwm2m.Lwm2mException;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The CoAP transmission parameters (RFC 7252 §4.8) as command-line options, shared by {@code
 * platform}, {@code emulate} and {@code demo}: a preset ({@code --coap-timing}) and any parameter
 * overridden one by one. See {@code docs/coap-timing.md}.
 */
final class CoapTimingOptions {

  /** The presets {@code --coap-timing} names. */
  enum Preset {
    /** The builders' default: ACK timeout 2 s, 4 retransmissions, no randomisation. */
    DEFAULT(CoapTiming.of(Duration.ofSeconds(2), 4)),
    /** {@link CoapTiming#LOOPBACK}. */
    LOOPBACK(CoapTiming.LOOPBACK),
    /** {@link CoapTiming#RFC_7252}. */
    RFC7252(CoapTiming.RFC_7252),
    /** {@link CoapTiming#NB_IOT}. */
    NB_IOT(CoapTiming.NB_IOT);

    final CoapTiming timing;

    Preset(CoapTiming timing) {
      this.timing = timing;
    }
  }

  /** Accepts {@code nb-iot}, {@code NB_IOT}, {@code rfc7252}, ... */
  static final class PresetConverter implements CommandLine.ITypeConverter<Preset> {
    @Override
    public Preset convert(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      if (v.equals("RFC_7252")) {
        v = "RFC7252";
      }
      try {
        return Preset.valueOf(v);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "--coap-timing: " + value + " (expected: default, loopback, rfc7252 or nb-iot)");
      }
    }
  }

  /** Accepts ISO-8601 ({@code PT6S}) and short forms ({@code 6s}, {@code 500ms}, {@code 2m}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt") || v.startsWith("p")) {
          return Duration.parse(value.trim());
        }
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
          return Duration.ofMillis(
              Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
          return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
      } catch (RuntimeException e) {
        // falls through to the error below
      }
      throw new CommandLine.TypeConversionException(
          value + " (expected: a duration such as 6s, 500ms, 2m or PT6S)");
    }
  }

  @Option(
      names = "--coap-timing",
      defaultValue = "default",
      paramLabel = "PRESET",
      converter = PresetConverter.class,
      description =
          "CoAP transmission parameters: default (ACK timeout 2 s, 4 retransmissions), loopback,"
              + " rfc7252 or nb-iot (ACK timeout 6 s, for 1-3 s one-way latency); the options"
              + " below override single values (default ${DEFAULT-VALUE}).")
  private Preset preset = Preset.DEFAULT;

  @Option(
      names = "--ack-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "CoAP ACK_TIMEOUT, the first retransmission timeout (e.g. 6s).")
  private Duration ackTimeout;

  @Option(
      names = "--ack-random-factor",
      paramLabel = "X",
      description = "CoAP ACK_RANDOM_FACTOR, 1.0 to 4.0.")
  private Double ackRandomFactor;

  @Option(
      names = "--max-retransmit",
      paramLabel = "N",
      description = "CoAP MAX_RETRANSMIT, 0 to 10.")
  private Integer maxRetransmit;

  @Option(
      names = "--max-ack-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Cap on one backed-off retransmission timeout.")
  private Duration maxAckTimeout;

  @Option(
      names = "--nstart",
      paramLabel = "N",
      description = "CoAP NSTART, outstanding exchanges per peer, 1 to 16.")
  private Integer nstart;

  @Option(
      names = "--exchange-lifetime",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "CoAP EXCHANGE_LIFETIME (duplicate detection for CON messages).")
  private Duration exchangeLifetime;

  @Option(
      names = "--non-lifetime",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "CoAP NON_LIFETIME (duplicate detection for NON messages).")
  private Duration nonLifetime;

  @Option(
      names = "--blockwise-lifetime",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long an unfinished blockwise transfer is kept.")
  private Duration blockwiseLifetime;

  /**
   * Returns the timing the options describe.
   *
   * @return the timing
   * @throws CliException (usage) if a value is out of range
   */
  CoapTiming timing() {
    CoapTiming.Builder b = preset.timing.toBuilder();
    if (ackTimeout != null) {
      b.ackTimeout(ackTimeout);
      if (maxAckTimeout == null && preset.timing.maxAckTimeout().compareTo(ackTimeout) < 0) {
        b.maxAckTimeout(ackTimeout.multipliedBy(1L << preset.timing.maxRetransmit()));
      }
    }
    if (ackRandomFactor != null) {
      b.ackRandomFactor(ackRandomFactor);
    }
    if (maxRetransmit != null) {
      b.maxRetransmit(maxRetransmit);
    }
    if (maxAckTimeout != null) {
      b.maxAckTimeout(maxAckTimeout);
    }
    if (nstart != null) {
      b.nstart(nstart);
    }
    if (exchangeLifetime != null) {
      b.exchangeLifetime(exchangeLifetime);
    }
    if (nonLifetime != null) {
      b.nonLifetime(nonLifetime);
    }
    if (blockwiseLifetime != null) {
      b.blockwiseStatusLifetime(blockwiseLifetime);
    }
    try {
      return b.build();
    } catch (Lwm2mException e) {
      throw new CliException(Main.EXIT_USAGE, e.getMessage());
    }
  }
}
