package io.dfota.platform;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One device's row in a task (seed Figure 16 device list): status, running or failed stage,
 * attempts, timestamps and the description in the platform's words ("Firmware updated
 * successfully", or why it failed).
 *
 * @param taskId the task
 * @param deviceId the device id (UUID)
 * @param imei the device name (IMEI, LwM2M endpoint)
 * @param status the status
 * @param stage the current stage while running, else null
 * @param attempts attempts started so far
 * @param attemptLimit the most attempts allowed (1 + retries, raised by a manual retry)
 * @param failedStage the stage the last failure happened in, or null
 * @param description the platform's description of the status
 * @param created when the row was created
 * @param started when the current or last attempt started, or null
 * @param finished when the device reached a final status, or null
 * @param notBefore earliest time of the next attempt (retry interval), or null
 * @param cellId the cell the device was last seen in, or null
 */
public record DeviceRun(
    String taskId,
    UUID deviceId,
    String imei,
    DeviceStatus status,
    @Nullable Stage stage,
    int attempts,
    int attemptLimit,
    @Nullable Stage failedStage,
    String description,
    Instant created,
    @Nullable Instant started,
    @Nullable Instant finished,
    @Nullable Instant notBefore,
    @Nullable Long cellId) {

  /** The description of a successful upgrade, in the platform's words (seed Figure 16). */
  public static final String SUCCESS_DESCRIPTION = "Firmware updated successfully";

  /** The longest description kept; longer ones are cut. */
  public static final int MAX_DESCRIPTION = 1000;

  /** Validates the fields. */
  public DeviceRun {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(imei, "imei");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(created, "created");
    if (description.length() > MAX_DESCRIPTION) {
      description = description.substring(0, MAX_DESCRIPTION - 3) + "...";
    }
    if (attempts < 0 || attemptLimit < 1) {
      throw new PlatformException(
          "attempts: " + attempts + "/" + attemptLimit + " (expected: >= 0 / >= 1)");
    }
  }

  /**
   * Creates a waiting row for a new task.
   *
   * @param taskId the task
   * @param device the device
   * @param attemptLimit 1 + retries
   * @param now the creation time
   * @return the row
   */
  public static DeviceRun waiting(String taskId, Device device, int attemptLimit, Instant now) {
    return new DeviceRun(
        taskId,
        device.id(),
        device.imei(),
        DeviceStatus.WAITING,
        null,
        0,
        attemptLimit,
        null,
        "Waiting for the device to come online",
        now,
        null,
        null,
        null,
        null);
  }

  /**
   * Returns a copy with another status, stage and description.
   *
   * @param newStatus the status
   * @param newStage the stage, or null
   * @param newDescription the description
   * @return the copy
   */
  public DeviceRun with(DeviceStatus newStatus, @Nullable Stage newStage, String newDescription) {
    return new DeviceRun(
        taskId,
        deviceId,
        imei,
        newStatus,
        newStage,
        attempts,
        attemptLimit,
        failedStage,
        newDescription,
        created,
        started,
        finished,
        notBefore,
        cellId);
  }

  /**
   * Returns a copy with new counters and times.
   *
   * @param newAttempts attempts
   * @param newLimit attempt limit
   * @param newFailedStage failed stage
   * @param newStarted start time
   * @param newFinished finish time
   * @param newNotBefore retry time
   * @param newCell cell id
   * @return the copy
   */
  public DeviceRun with(
      int newAttempts,
      int newLimit,
      @Nullable Stage newFailedStage,
      @Nullable Instant newStarted,
      @Nullable Instant newFinished,
      @Nullable Instant newNotBefore,
      @Nullable Long newCell) {
    return new DeviceRun(
        taskId,
        deviceId,
        imei,
        status,
        stage,
        newAttempts,
        newLimit,
        newFailedStage,
        description,
        created,
        newStarted,
        newFinished,
        newNotBefore,
        newCell);
  }
}
