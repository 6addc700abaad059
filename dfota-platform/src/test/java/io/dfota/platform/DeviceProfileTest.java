package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceProfileTest {

  @Test
  void readsTheSeedProfile() {
    List<DeviceProfile> ps = DeviceProfile.parse(Harness.PROFILE).orThrow();
    assertEquals(1, ps.size());
    DeviceProfile p = ps.get(0);
    assertEquals("Quectel", p.manufacturerId());
    assertEquals("Quectel", p.manufacturerName());
    assertEquals("NBIoTDevice", p.model());
    assertEquals("WaterMeter", p.deviceType());
    assertEquals("CoAP", p.protocolType());
    assertTrue(p.fotaCapable());
  }

  @Test
  void profileWithoutLwm2mOrCoapIsNotFotaCapable() {
    DeviceProfile p =
        DeviceProfile.parse(Harness.PROFILE.replace("\"LWM2M\"", "\"MQTT\"")).orThrow().get(0);
    assertFalse(p.fotaCapable());
    p =
        DeviceProfile.parse(
                Harness.PROFILE.replace(
                    "\"downloadProtocolType\":\"CoAP\"", "\"downloadProtocolType\":\"HTTP\""))
            .orThrow()
            .get(0);
    assertFalse(p.fotaCapable());
  }

  @Test
  void refusesMissingFieldsNamingThem() {
    Outcome<List<DeviceProfile>> o =
        DeviceProfile.parse(Harness.PROFILE.replace("\"model\"", "\"modell\""));
    Outcome.Refused<List<DeviceProfile>> r = (Outcome.Refused<List<DeviceProfile>>) o;
    assertEquals(Refusal.INVALID_INPUT, r.reason());
    assertEquals("Profile field 'devices[0].model' is missing", r.message());
  }

  @Test
  void refusesMalformedAndOversizedInput() {
    assertEquals(
        Refusal.INVALID_INPUT,
        ((Outcome.Refused<List<DeviceProfile>>) DeviceProfile.parse("{")).reason());
    assertEquals(
        Refusal.INVALID_INPUT,
        ((Outcome.Refused<List<DeviceProfile>>) DeviceProfile.parse("[]")).reason());
    String big = "{\"x\":\"" + "a".repeat(DeviceProfile.MAX_JSON_BYTES) + "\"}";
    Outcome.Refused<List<DeviceProfile>> r =
        (Outcome.Refused<List<DeviceProfile>>) DeviceProfile.parse(big);
    assertTrue(r.message().contains("expected: at most"), r.message());
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertFalse(DeviceProfile.parse("{\"devices\":" + deep + "}").accepted());
  }
}
