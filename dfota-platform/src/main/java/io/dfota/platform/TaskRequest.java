package io.dfota.platform;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The "create firmware upgrade task" form (seed §2.4; OceanConnect {@code
 * operations/firmwareUpgrade}, protocol-notes §4.6): name, targets (a group or a device list),
 * package, retry strategy, execute type, stage timeouts and per-cell concurrency. Built with {@link
 * #builder()}.
 *
 * @param name the task name
 * @param packageId the firmware package id
 * @param group the group, or null when {@code devices} is used
 * @param devices the devices when no group is given, else empty
 * @param retry the retry strategy
 * @param execute the execute type
 * @param timeouts the stage timeouts
 * @param coverage the coverage thresholds and caps
 */
public record TaskRequest(
    String name,
    String packageId,
    @Nullable String group,
    List<Device> devices,
    RetryPolicy retry,
    ExecutePolicy execute,
    StageTimeouts timeouts,
    CoveragePolicy coverage) {

  /** The most devices a device-list task may name (OceanConnect: 256). */
  public static final int MAX_LISTED_DEVICES = 256;

  /** Validates and copies the fields. */
  public TaskRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(packageId, "packageId");
    devices = List.copyOf(devices);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(execute, "execute");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(coverage, "coverage");
    if (name.isBlank() || name.length() > 128) {
      throw new PlatformException("name: '" + name + "' (expected: 1 to 128 characters)");
    }
    if ((group == null) == devices.isEmpty()) {
      throw new PlatformException(
          "targets: group=" + group + ", devices=" + devices.size() + " (expected: exactly one)");
    }
    if (devices.size() > MAX_LISTED_DEVICES) {
      throw new PlatformException(
          "devices: " + devices.size() + " (expected: at most " + MAX_LISTED_DEVICES + ")");
    }
  }

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TaskRequest}; name, package and a group or devices are required. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String packageId;
    private @Nullable String group;
    private List<Device> devices = List.of();
    private RetryPolicy retry = RetryPolicy.none();
    private ExecutePolicy execute = ExecutePolicy.now();
    private StageTimeouts timeouts = StageTimeouts.defaults();
    private CoveragePolicy coverage = CoveragePolicy.defaults();

    private Builder() {}

    /**
     * Sets the task name.
     *
     * @param value the name
     * @return this
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Sets the package.
     *
     * @param value the package id
     * @return this
     */
    public Builder packageId(String value) {
      this.packageId = value;
      return this;
    }

    /**
     * Targets a group.
     *
     * @param value the group name
     * @return this
     */
    public Builder group(String value) {
      this.group = value;
      return this;
    }

    /**
     * Targets a device list.
     *
     * @param value the devices
     * @return this
     */
    public Builder devices(List<Device> value) {
      this.devices = value;
      return this;
    }

    /**
     * Sets the retry strategy (default none).
     *
     * @param value the strategy
     * @return this
     */
    public Builder retry(RetryPolicy value) {
      this.retry = value;
      return this;
    }

    /**
     * Sets the execute type (default now).
     *
     * @param value the policy
     * @return this
     */
    public Builder execute(ExecutePolicy value) {
      this.execute = value;
      return this;
    }

    /**
     * Sets the stage timeouts (default 24 h / 3 min / 60 min / 30 min).
     *
     * @param value the timeouts
     * @return this
     */
    public Builder timeouts(StageTimeouts value) {
      this.timeouts = value;
      return this;
    }

    /**
     * Sets the coverage thresholds and caps (default protocol-notes §4.4).
     *
     * @param value the policy
     * @return this
     */
    public Builder coverage(CoveragePolicy value) {
      this.coverage = value;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException if the name or the package is missing
     */
    public TaskRequest build() {
      if (name == null) {
        throw new IllegalStateException("name is required");
      }
      if (packageId == null) {
        throw new IllegalStateException("packageId is required");
      }
      return new TaskRequest(name, packageId, group, devices, retry, execute, timeouts, coverage);
    }
  }
}
