package io.dfota.platform;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task's details page, field for field as the seed's Figure 16 (protocol-notes §1.2): name, id,
 * status, success rate, total / completed / success / failure, create time, retry strategy and
 * count, group, device type, manufacturer, model, protocol, version, firmware name, and the
 * per-device list.
 *
 * @param name task name
 * @param id task id
 * @param status task status
 * @param counters the counters (success rate = success / total)
 * @param created create time
 * @param retryStrategy "No" or "Custom"
 * @param retryCount the retry count (0 for "No")
 * @param group the group, or null when the task names devices
 * @param deviceType the package's device type
 * @param manufacturer the package's manufacturer
 * @param model the package's model
 * @param protocol the package's protocol
 * @param version the target version
 * @param firmwareName the inner {@code .bin} name
 * @param devices the per-device rows
 */
public record TaskDetails(
    String name,
    String id,
    TaskStatus status,
    TaskCounters counters,
    Instant created,
    String retryStrategy,
    int retryCount,
    @Nullable String group,
    String deviceType,
    String manufacturer,
    String model,
    String protocol,
    String version,
    String firmwareName,
    List<DeviceRun> devices) {

  /** Validates and copies the fields. */
  public TaskDetails {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(created, "created");
    devices = List.copyOf(devices);
  }

  /**
   * Returns the success rate, success / total.
   *
   * @return 0.0 to 1.0
   */
  public double successRate() {
    return counters.successRate();
  }
}
