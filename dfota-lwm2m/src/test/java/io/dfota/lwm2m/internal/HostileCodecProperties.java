package io.dfota.lwm2m.internal;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile input to the pure LwM2M codecs (issue #10): CoRE link format (bounded by {@link
 * LinkFormat#MAX_PAYLOAD} and {@link LinkFormat#MAX_LINKS}) and nested TLV whose lengths lie.
 */
class HostileCodecProperties {
  private static final Duration CASE_LIMIT = Duration.ofSeconds(5);

  @Provide
  Arbitrary<String> linkFormats() {
    Arbitrary<String> link =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 99999).map(i -> "</" + i + "/0>"),
            Arbitraries.integers().between(0, 999999).map(i -> "</" + i + ">"),
            Arbitraries.just("</>;rt=\"oma.lwm2m\""),
            Arbitraries.just("</>;rt=\"oma.lwm2m\";ct=11543"),
            Arbitraries.strings().withChars("</>;,=\"0123456789a").ofMaxLength(12),
            Arbitraries.strings().ofMaxLength(8));
    Arbitrary<String> joined = link.list().ofMaxSize(40).map(l -> String.join(",", l));
    Arbitrary<String> many =
        Arbitraries.integers()
            .between(LinkFormat.MAX_LINKS - 2, LinkFormat.MAX_LINKS + 300)
            .map(n -> String.join(",", java.util.Collections.nCopies(n, "</3/0>")));
    Arbitrary<String> long_ =
        Arbitraries.integers()
            .between(LinkFormat.MAX_PAYLOAD - 10, 4 * LinkFormat.MAX_PAYLOAD)
            .map(n -> "</3/0>;x=\"" + "a".repeat(n) + "\"");
    return Arbitraries.frequencyOf(Tuple.of(6, joined), Tuple.of(1, many), Tuple.of(1, long_));
  }

  @Property(tries = 400)
  void linkFormatParsingIsBoundedAndOnlyYieldsObjectLinksOrEmpty(
      @ForAll("linkFormats") String payload) {
    Optional<List<String>> links =
        assertTimeoutPreemptively(CASE_LIMIT, () -> LinkFormat.parseObjectLinks(payload));
    if (links.isPresent()) {
      assertTrue(payload.length() <= LinkFormat.MAX_PAYLOAD);
      assertTrue(links.get().size() <= LinkFormat.MAX_LINKS);
      for (String l : links.get()) {
        assertTrue(l.matches("/\\d{1,5}(/\\d{1,5})?"), l);
      }
    }
    Statistics.collect(links.isPresent() ? "parsed" : "malformed");
  }

  /** A valid nested TLV: object instances holding resources and multiple resources. */
  @Provide
  Arbitrary<byte[]> nestedTlv() {
    Arbitrary<byte[]> resource =
        Combinators.combine(
                Arbitraries.integers().between(0, 65535),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
            .as((id, v) -> Tlv.encode(Tlv.Kind.RESOURCE, id, v));
    Arbitrary<byte[]> multi =
        Combinators.combine(
                Arbitraries.integers().between(0, 65535),
                Arbitraries.longs()
                    .list()
                    .ofMaxSize(5)
                    .map(
                        xs -> {
                          List<byte[]> parts = new ArrayList<>();
                          for (int i = 0; i < xs.size(); i++) {
                            parts.add(
                                Tlv.encode(
                                    Tlv.Kind.RESOURCE_INSTANCE, i, Tlv.encodeInteger(xs.get(i))));
                          }
                          return Tlv.concat(parts);
                        }))
            .as((id, body) -> Tlv.encode(Tlv.Kind.MULTIPLE_RESOURCE, id, body));
    Arbitrary<byte[]> instance =
        Combinators.combine(
                Arbitraries.integers().between(0, 65535),
                Arbitraries.oneOf(resource, multi).list().ofMaxSize(4).map(Tlv::concat))
            .as((id, body) -> Tlv.encode(Tlv.Kind.OBJECT_INSTANCE, id, body));
    return instance.list().ofMinSize(1).ofMaxSize(3).map(Tlv::concat);
  }

  @Property(tries = 400)
  void nestedTlvWithLyingLengthsDecodesToAValue(
      @ForAll("nestedTlv") byte[] tlv,
      @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll byte replacement,
      @ForAll @IntRange(min = 0, max = 3) int mutation) {
    byte[] b;
    if (mutation == 0) { // overwrite a byte: a type byte or a length that lies
      b = tlv.clone();
      b[where % b.length] = replacement;
    } else if (mutation == 1) { // cut short
      b = java.util.Arrays.copyOf(tlv, where % tlv.length);
    } else if (mutation == 2) { // trailing garbage
      b = java.util.Arrays.copyOf(tlv, tlv.length + 1 + where % 16);
      b[b.length - 1] = replacement;
    } else { // a 24-bit length claiming 16 MB
      b = new byte[] {(byte) 0xFB, 0, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, replacement};
    }
    byte[] input = b;
    Tlv.Decoded d =
        assertTimeoutPreemptively(
            CASE_LIMIT,
            () -> {
              Tlv.singleValue(input);
              return Tlv.decode(input);
            });
    assertTrue(d instanceof Tlv.Decoded.Ok || d instanceof Tlv.Decoded.Malformed);
    Statistics.collect(d.getClass().getSimpleName());
  }
}
