package io.dfota.platform;

import java.util.Collection;

/**
 * A task's device counters (seed Figure 16: total, completed, success, failure, success rate). The
 * five statuses always add up to the total.
 *
 * @param total devices in the task
 * @param waiting waiting devices
 * @param running running devices
 * @param success succeeded devices
 * @param failed failed devices
 * @param stopped stopped devices
 */
public record TaskCounters(
    int total, int waiting, int running, int success, int failed, int stopped) {

  /** Validates that the counters add up. */
  public TaskCounters {
    if (waiting < 0 || running < 0 || success < 0 || failed < 0 || stopped < 0) {
      throw new PlatformException("counters: negative (expected: >= 0)");
    }
    if (total != waiting + running + success + failed + stopped) {
      throw new PlatformException(
          "total: " + total + " (expected: waiting + running + success + failed + stopped)");
    }
  }

  /**
   * Counts the given rows.
   *
   * @param runs the rows of one task
   * @return the counters
   */
  public static TaskCounters of(Collection<DeviceRun> runs) {
    int[] c = new int[DeviceStatus.values().length];
    for (DeviceRun r : runs) {
      c[r.status().ordinal()]++;
    }
    return new TaskCounters(
        runs.size(),
        c[DeviceStatus.WAITING.ordinal()],
        c[DeviceStatus.RUNNING.ordinal()],
        c[DeviceStatus.SUCCESS.ordinal()],
        c[DeviceStatus.FAILED.ordinal()],
        c[DeviceStatus.STOPPED.ordinal()]);
  }

  /**
   * Returns the completed count: success + failed + stopped.
   *
   * @return completed devices
   */
  public int completed() {
    return success + failed + stopped;
  }

  /**
   * Returns the success rate, success / total (0 for an empty task).
   *
   * @return 0.0 to 1.0
   */
  public double successRate() {
    return total == 0 ? 0.0 : (double) success / total;
  }

  /**
   * Derives the task status.
   *
   * @param stoppedTask whether the task was stopped
   * @return the status
   */
  public TaskStatus status(boolean stoppedTask) {
    if (stoppedTask) {
      return TaskStatus.STOPPED;
    }
    if (waiting + running > 0) {
      return running + success + failed + stopped == 0 ? TaskStatus.WAITING : TaskStatus.PROCESSING;
    }
    if (success == total) {
      return TaskStatus.SUCCESS;
    }
    return success == 0 ? TaskStatus.FAILED : TaskStatus.PARTIAL_SUCCESS;
  }
}
