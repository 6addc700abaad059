package io.dfota.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One device entry of a platform Profile (seed §2.1, protocol-notes §1.1): the identity a firmware
 * package must match exactly, and whether the Profile declares the OM capability that firmware
 * upgrades need ({@code omCapability.fwUpgradeCapability} with {@code supportUpgrade: true}, {@code
 * upgradeProtocolType: LWM2M}, {@code downloadProtocolType: CoAP}).
 *
 * @param manufacturerId {@code manufacturerId}
 * @param manufacturerName {@code manufacturerName}, the name packages and public keys are filed
 *     under
 * @param model {@code model}
 * @param deviceType {@code deviceType}
 * @param protocolType {@code protocolType}, {@code CoAP} for these modules
 * @param fwUpgradeSupported whether {@code omCapability.fwUpgradeCapability} says {@code
 *     supportUpgrade: true}
 * @param upgradeProtocolType {@code fwUpgradeCapability.upgradeProtocolType}, empty when absent
 * @param downloadProtocolType {@code fwUpgradeCapability.downloadProtocolType}, empty when absent
 */
public record DeviceProfile(
    String manufacturerId,
    String manufacturerName,
    String model,
    String deviceType,
    String protocolType,
    boolean fwUpgradeSupported,
    String upgradeProtocolType,
    String downloadProtocolType) {

  /** The largest Profile document accepted, in bytes. */
  public static final int MAX_JSON_BYTES = 256 * 1024;

  /** The most device entries one Profile document may hold. */
  public static final int MAX_DEVICES = 64;

  /** The longest field accepted, in characters. */
  public static final int MAX_FIELD_LENGTH = 64;

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(MAX_JSON_BYTES)
                .maxNumberLength(32)
                .build());
  }

  /** Validates the fields. */
  public DeviceProfile {
    checkField("manufacturerId", manufacturerId);
    checkField("manufacturerName", manufacturerName);
    checkField("model", model);
    checkField("deviceType", deviceType);
    checkField("protocolType", protocolType);
    Objects.requireNonNull(upgradeProtocolType, "upgradeProtocolType");
    Objects.requireNonNull(downloadProtocolType, "downloadProtocolType");
  }

  private static void checkField(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.length() > MAX_FIELD_LENGTH) {
      throw new PlatformException(
          name + ": '" + value + "' (expected: 1 to " + MAX_FIELD_LENGTH + " characters)");
    }
  }

  /**
   * Returns whether this profile can take firmware packages and upgrade tasks: {@code
   * fwUpgradeCapability} with {@code supportUpgrade: true}, {@code LWM2M} and {@code CoAP}
   * (protocol-notes §1.1, fact 14).
   *
   * @return true if firmware upgrades are declared
   */
  public boolean fotaCapable() {
    return fwUpgradeSupported
        && "LWM2M".equals(upgradeProtocolType)
        && "CoAP".equals(downloadProtocolType);
  }

  /**
   * Returns the key under which the platform files this profile: device type, manufacturer name and
   * model.
   *
   * @return {@code deviceType/manufacturerName/model}
   */
  public String key() {
    return deviceType + "/" + manufacturerName + "/" + model;
  }

  /**
   * Parses a Profile document: either the seed's {@code {"devices": [ {...} ]}} or a single device
   * object. Every input problem is a refusal that names the field.
   *
   * @param json the document, at most {@link #MAX_JSON_BYTES} bytes in UTF-8
   * @return the device entries, or a refusal
   */
  public static Outcome<List<DeviceProfile>> parse(String json) {
    int size = json.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_JSON_BYTES) {
      return Outcome.refused(
          Refusal.INVALID_INPUT,
          "Profile is " + size + " bytes (expected: at most " + MAX_JSON_BYTES + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return Outcome.refused(
          Refusal.INVALID_INPUT, "Profile is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return Outcome.refused(Refusal.INVALID_INPUT, "Profile is not a JSON object");
    }
    List<JsonNode> entries = new ArrayList<>();
    JsonNode devices = root.get("devices");
    if (devices != null) {
      if (!devices.isArray() || devices.isEmpty()) {
        return Outcome.refused(
            Refusal.INVALID_INPUT, "Profile field 'devices' is not a non-empty array");
      }
      if (devices.size() > MAX_DEVICES) {
        return Outcome.refused(
            Refusal.INVALID_INPUT,
            "Profile has " + devices.size() + " devices (expected: at most " + MAX_DEVICES + ")");
      }
      devices.forEach(entries::add);
    } else {
      entries.add(root);
    }
    List<DeviceProfile> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode d = entries.get(i);
      String where = devices != null ? "devices[" + i + "]." : "";
      if (!d.isObject()) {
        return Outcome.refused(Refusal.INVALID_INPUT, "Profile " + where + " is not an object");
      }
      String[] names = {
        "manufacturerId", "manufacturerName", "model", "deviceType", "protocolType"
      };
      String[] values = new String[names.length];
      for (int f = 0; f < names.length; f++) {
        JsonNode v = d.get(names[f]);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
          return Outcome.refused(
              Refusal.INVALID_INPUT, "Profile field '" + where + names[f] + "' is missing");
        }
        if (v.asText().length() > MAX_FIELD_LENGTH) {
          return Outcome.refused(
              Refusal.INVALID_INPUT,
              "Profile field '"
                  + where
                  + names[f]
                  + "' is longer than "
                  + MAX_FIELD_LENGTH
                  + " characters");
        }
        values[f] = v.asText();
      }
      JsonNode fw = d.path("omCapability").path("fwUpgradeCapability");
      out.add(
          new DeviceProfile(
              values[0],
              values[1],
              values[2],
              values[3],
              values[4],
              fw.path("supportUpgrade").isBoolean() && fw.path("supportUpgrade").asBoolean(),
              fw.path("upgradeProtocolType").isTextual()
                  ? fw.path("upgradeProtocolType").asText()
                  : "",
              fw.path("downloadProtocolType").isTextual()
                  ? fw.path("downloadProtocolType").asText()
                  : ""));
    }
    return Outcome.accepted(List.copyOf(out));
  }
}
