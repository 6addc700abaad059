package io.dfota.platform;

/**
 * A batch task's status, derived from its devices (OceanConnect {@code wait}/{@code processing}/
 * {@code success}/{@code failed}, IoTDA {@code PartialSuccess}/{@code Stopped}; protocol-notes
 * §4.6–4.7).
 */
public enum TaskStatus {
  /** No device has started yet. */
  WAITING,
  /** Some device is running or still waiting after another started. */
  PROCESSING,
  /** Every device succeeded. */
  SUCCESS,
  /** Every device is final and none succeeded. */
  FAILED,
  /** Every device is final, some succeeded and some did not. */
  PARTIAL_SUCCESS,
  /** The task was stopped. */
  STOPPED;

  /**
   * Returns whether the task has nothing left to do.
   *
   * @return true unless waiting or processing
   */
  public boolean finished() {
    return this != WAITING && this != PROCESSING;
  }
}
