package io.dfota.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dfota.platform.Device;
import io.dfota.platform.DeviceRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** {@link RunTable} behaves as a linked hash map by device id, with an IMEI index. */
class RunTableProperties {

  @Property(tries = 200)
  void putGetAndOrderMatchALinkedHashMap(
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 150) Integer> devices) {
    RunTable table = new RunTable(true);
    Map<UUID, DeviceRun> model = new LinkedHashMap<>();
    Instant now = Instant.parse("2018-11-30T00:00:00Z");
    int step = 0;
    for (int n : devices) {
      String imei = "86772503" + String.format("%07d", n);
      Device d = new Device(new UUID(n * 31L, n), imei);
      DeviceRun r = DeviceRun.waiting("t", d, 1 + step++ % 3, now);
      assertEquals(model.put(d.id(), r), table.put(r));
    }
    assertEquals(model.size(), table.size());
    assertEquals(new ArrayList<>(model.values()), new ArrayList<>(table.values()));
    for (DeviceRun r : model.values()) {
      assertEquals(r, table.get(r.deviceId()));
      assertEquals(r.deviceId(), table.idOfImei(r.imei()));
    }
    assertNull(table.get(new UUID(-1, -1)));
    assertNull(table.idOfImei("000000000000000"));
  }
}
