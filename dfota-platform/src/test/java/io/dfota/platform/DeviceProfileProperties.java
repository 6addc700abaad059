package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile device-profile JSON (issue #10; the profile import of protocol-notes §5.1): mutated seed
 * profiles, random JSON, deep nesting and huge strings. Parsing returns a value, accepted or
 * refused with {@link Refusal#INVALID_INPUT} and a message, within a bounded time; an accepted
 * profile has every field within {@link DeviceProfile#MAX_FIELD_LENGTH}.
 */
class DeviceProfileProperties {
  private static final Duration CASE_LIMIT = Duration.ofSeconds(10);

  @Provide
  Arbitrary<String> mutatedSeed() {
    String seed = Harness.PROFILE;
    Arbitrary<String> one =
        Combinators.combine(
                Arbitraries.integers().between(0, seed.length() - 1),
                Arbitraries.integers().between(0, 2),
                Arbitraries.chars().with("{}[]\",:\\ 0aZ\u0000\u00e9\ud800".toCharArray()))
            .as(
                (at, op, c) ->
                    switch (op) {
                      case 0 -> seed.substring(0, at) + seed.substring(at + 1);
                      case 1 -> seed.substring(0, at) + c + seed.substring(at);
                      default -> seed.substring(0, at) + c + seed.substring(at + 1);
                    });
    return one;
  }

  @Provide
  Arbitrary<String> randomJson() {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20).map(DeviceProfileProperties::quote),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.of(
                "true", "false", "null", "1e999", "-0", "123456789012345678901234567890123"));
    Arbitrary<String> key =
        Arbitraries.oneOf(
            Arbitraries.of(
                "devices",
                "manufacturerId",
                "manufacturerName",
                "model",
                "deviceType",
                "protocolType",
                "omCapability",
                "fwUpgradeCapability",
                "supportUpgrade"),
            Arbitraries.strings().ofMaxLength(8));
    Arbitrary<String> object =
        Combinators.combine(key, scalar)
            .as((k, v) -> quote(k) + ":" + v)
            .list()
            .ofMaxSize(8)
            .map(l -> "{" + String.join(",", l) + "}");
    Arbitrary<String> array = scalar.list().ofMaxSize(8).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> devices =
        object.list().ofMaxSize(80).map(l -> "{\"devices\":[" + String.join(",", l) + "]}");
    return Arbitraries.oneOf(object, array, devices, scalar, Arbitraries.strings().ofMaxLength(40));
  }

  @Provide
  Arbitrary<String> deep() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 100_000), Arbitraries.of("[", "{\"a\":"))
        .as(
            (depth, open) ->
                "{\"devices\":"
                    + open.repeat(depth)
                    + "1"
                    + (open.equals("[") ? "]" : "}").repeat(depth)
                    + "}");
  }

  @Provide
  Arbitrary<String> huge() {
    return Combinators.combine(
            Arbitraries.of("model", "manufacturerId", "deviceType", "unknown"),
            Arbitraries.integers()
                .between(DeviceProfile.MAX_FIELD_LENGTH - 2, 2 * DeviceProfile.MAX_JSON_BYTES))
        .as(
            (field, n) ->
                Harness.PROFILE.replace(
                    "\"deviceType\":\"WaterMeter\"",
                    "\"deviceType\":\"WaterMeter\",\"" + field + "\":\"" + "x".repeat(n) + "\""));
  }

  @Provide
  Arbitrary<String> profiles() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, mutatedSeed()),
        Tuple.of(3, randomJson()),
        Tuple.of(1, deep()),
        Tuple.of(1, huge()));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Property(tries = 400)
  void anyDocumentIsAcceptedWithinLimitsOrRefusedAsInvalidInput(@ForAll("profiles") String json) {
    Outcome<List<DeviceProfile>> o =
        assertTimeoutPreemptively(CASE_LIMIT, () -> DeviceProfile.parse(json));
    if (o instanceof Outcome.Refused<List<DeviceProfile>> r) {
      assertEquals(Refusal.INVALID_INPUT, r.reason());
      assertFalse(r.message().isBlank());
      assertTrue(r.message().length() < 1000, () -> "message of " + r.message().length());
      Statistics.collect("refused");
    } else {
      List<DeviceProfile> ps = o.orThrow();
      assertTrue(!ps.isEmpty() && ps.size() <= DeviceProfile.MAX_DEVICES);
      for (DeviceProfile p : ps) {
        assertTrue(p.model().length() <= DeviceProfile.MAX_FIELD_LENGTH);
        assertTrue(p.manufacturerId().length() <= DeviceProfile.MAX_FIELD_LENGTH);
        assertTrue(p.deviceType().length() <= DeviceProfile.MAX_FIELD_LENGTH);
      }
      Statistics.collect("accepted");
    }
  }
}
