package io.dfota.bench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A smoke run of the fleet benchmark (two rounds) with 20 devices and a 4 KiB package: every device
 * upgraded, counts consistent, no timed assertions.
 */
class FleetBenchmarkTest {

  private static final int DEVICES = 20;

  @Test
  void upgradesEveryDeviceAndPrintsAConsistentJsonLine() throws Exception {
    FleetConfig cfg = new FleetConfig(DEVICES, 4, 512, false, 1, 1, Duration.ofMinutes(3));
    Map<String, Object> line = FleetBenchmark.measure(cfg, 0, true, 2);
    JsonNode json = new ObjectMapper().readTree(FleetBenchmark.json(line));
    assertFalse(json.has("error"), () -> json.path("error").asText());

    JsonNode p = json.get("platform");
    assertEquals(DEVICES, p.get("upgraded").asInt(), json::toString);
    assertEquals(0, p.get("failed").asInt());
    assertEquals(DEVICES, p.get("integrity_ok").asInt(), "every device got the package's bytes");
    long blocks = (long) DEVICES * cfg.blocksPerDevice();
    assertEquals(blocks, p.get("block2_expected").asLong());
    assertTrue(p.get("block2_exchanges").asLong() >= blocks, json::toString);
    assertTrue(p.get("block2_per_s").asDouble() > 0);
    assertTrue(p.get("payload_mb_per_s").asDouble() > 0);
    assertTrue(p.get("bytes_per_package_byte").asDouble() > 1, "headers and control traffic");
    assertTrue(p.get("downlink_bytes_per_package_byte").asDouble() > 1);
    assertTrue(p.get("retransmissions").asLong() >= 0);
    assertTrue(p.get("messages").asLong() > 2 * blocks, "a request and a response per block");
    JsonNode lat = p.get("latency_ms");
    assertEquals(DEVICES, lat.get("count").asInt());
    assertTrue(lat.get("p50").asDouble() > 0);
    assertTrue(lat.get("p50").asDouble() <= lat.get("p99").asDouble());
    assertTrue(lat.get("p99").asDouble() <= lat.get("max").asDouble());
    assertTrue(p.get("cpu_s_per_device").asDouble() > 0);
    assertTrue(p.get("platform_cpu_s_per_device").asDouble() > 0);
    assertTrue(
        p.get("platform_cpu_s_per_device").asDouble() <= p.get("cpu_s_per_device").asDouble());
    assertTrue(p.get("platform_threads").asInt() > 0);

    JsonNode b = json.get("baseline");
    assertEquals(DEVICES, b.get("completed").asInt());
    assertEquals(blocks, b.get("block2_exchanges").asLong() - b.get("retransmissions").asLong());
    assertTrue(b.get("block2_per_s").asDouble() > 0);
    assertTrue(json.get("block2_ratio").asDouble() > 0);
    assertEquals(2, json.get("rounds").size(), "two alternating rounds");
    for (JsonNode round : json.get("rounds")) {
      assertEquals(DEVICES, round.get("platform_upgraded").asInt());
      assertEquals(DEVICES, round.get("baseline_completed").asInt());
      assertTrue(round.get("ratio").asDouble() > 0);
    }
    assertTrue(json.get("block2_ratio_min").asDouble() <= json.get("block2_ratio").asDouble());
    assertTrue(json.get("block2_ratio").asDouble() <= json.get("block2_ratio_max").asDouble());
    assertTrue(p.get("heap_device_side_per_device_b").asLong() > 0, "a client holds some heap");
    assertEquals(DEVICES, json.get("config").get("devices").asInt());
  }

  @Test
  void upgradesEverySimulatedDeviceAndFetchesTheBaselineWithTheSameSimulator() throws Exception {
    FleetConfig cfg = new FleetConfig(DEVICES, 4, 1024, false, 2, 1, Duration.ofMinutes(3), true);
    Map<String, Object> line = FleetBenchmark.measure(cfg, 0, false, 1);
    JsonNode json = new ObjectMapper().readTree(FleetBenchmark.json(line));
    assertFalse(json.has("error"), () -> json.path("error").asText());
    assertEquals("sim", json.get("config").get("device_kind").asText());

    JsonNode p = json.get("platform");
    assertEquals(DEVICES, p.get("upgraded").asInt(), json::toString);
    assertEquals(0, p.get("failed").asInt());
    assertEquals(DEVICES, p.get("integrity_ok").asInt(), "every device checked QDFE and moved");
    long blocks = (long) DEVICES * cfg.blocksPerDevice();
    assertTrue(p.get("block2_exchanges").asLong() >= blocks, json::toString);
    assertEquals(DEVICES, p.get("latency_ms").get("count").asInt());
    assertTrue(p.get("messages").asLong() > 2 * blocks, "a request and a response per block");

    JsonNode b = json.get("baseline");
    assertEquals(DEVICES, b.get("completed").asInt(), json::toString);
    assertEquals(blocks, b.get("block2_exchanges").asLong() - b.get("retransmissions").asLong());
    assertTrue(b.get("messages").asLong() >= 2 * blocks, "the simulator's GETs are counted");
    assertEquals(DEVICES, b.get("latency_ms").get("count").asInt());
    assertTrue(json.get("block2_ratio").asDouble() > 0);
  }
}
