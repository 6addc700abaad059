package io.dfota.platform;

/** A device's status within a task (the sub-task status, protocol-notes §4.5–4.7). */
public enum DeviceStatus {
  /** Not started yet, or waiting for a retry. */
  WAITING,
  /** An attempt is in progress; {@link DeviceRun#stage()} says where. */
  RUNNING,
  /** Upgraded, or already at the target version. */
  SUCCESS,
  /** Failed, with no retry left. */
  FAILED,
  /** The task was stopped before the device finished. */
  STOPPED;

  /**
   * Returns whether the status is final for the task's current run.
   *
   * @return true for success, failed and stopped
   */
  public boolean terminal() {
    return this == SUCCESS || this == FAILED || this == STOPPED;
  }
}
