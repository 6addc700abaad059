package io.dfota.platform;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A batch firmware-upgrade task (seed §2.4, protocol-notes §4.5–4.6) as stored: what was asked for
 * and whether it was stopped. Its status and counters are derived from its {@link DeviceRun}s.
 *
 * @param id 24 lower-case hex characters (an ObjectId, like the seed's task id)
 * @param name the task name
 * @param packageId the firmware package
 * @param group the device group, or null when the task names devices directly
 * @param retry the retry strategy
 * @param execute the execute type
 * @param timeouts the stage timeouts
 * @param coverage the per-cell concurrency policy
 * @param created the creation time
 * @param stopped when the task was stopped, or null
 */
public record UpgradeTask(
    String id,
    String name,
    String packageId,
    @Nullable String group,
    RetryPolicy retry,
    ExecutePolicy execute,
    StageTimeouts timeouts,
    CoveragePolicy coverage,
    Instant created,
    @Nullable Instant stopped) {

  /** Validates the fields. */
  public UpgradeTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(packageId, "packageId");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(execute, "execute");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(coverage, "coverage");
    Objects.requireNonNull(created, "created");
  }

  /**
   * Returns this task stopped at the given time.
   *
   * @param when the stop time
   * @return the stopped task
   */
  public UpgradeTask stop(Instant when) {
    return new UpgradeTask(
        id, name, packageId, group, retry, execute, timeouts, coverage, created, when);
  }
}
