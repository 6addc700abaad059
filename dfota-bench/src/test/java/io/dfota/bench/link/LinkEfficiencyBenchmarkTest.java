package io.dfota.bench.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkEfficiencyBenchmarkTest {

  @Test
  void tinyLinkRunPrintsOneSaneJsonLinePerConfiguration() throws Exception {
    LinkEfficiencyBenchmark.Config c =
        new LinkEfficiencyBenchmark.Config(Duration.ofMillis(200), 0, 20_000, 512, 2048, 2);
    JsonNode line =
        new ObjectMapper()
            .readTree(LinkEfficiencyBenchmark.toJson(c, LinkEfficiencyBenchmark.run(c)));

    assertEquals("link-efficiency", line.get("benchmark").asText());
    assertEquals(200, line.get("rttMs").asLong());
    assertEquals(2048, line.get("sizeBytes").asInt());
    assertEquals(4, line.get("blocks").asInt());
    assertTrue(line.get("allComplete").asBoolean(), line::toString);
    double bound = 512 / (0.2 + 8.0 * 512 / 20_000);
    assertEquals(bound, line.get("boundBytesPerSecond").asDouble(), 0.01);
    assertEquals(2, line.get("perDevice").size());
    for (JsonNode d : line.get("perDevice")) {
      assertTrue(d.get("seconds").asDouble() > 0, d::toString);
      assertTrue(d.get("blockGets").asLong() >= 4, d::toString);
      assertEquals(
          2048 / d.get("seconds").asDouble(), d.get("goodputBytesPerSecond").asDouble(), 1.0);
      assertEquals(
          d.get("goodputBytesPerSecond").asDouble() / bound, d.get("ratio").asDouble(), 0.01);
      assertEquals(0, d.get("datagramsDropped").asLong());
    }
  }
}
