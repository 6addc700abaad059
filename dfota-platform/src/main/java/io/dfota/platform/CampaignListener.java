package io.dfota.platform;

/**
 * Follows a campaign's progress (for a console, a CLI progress bar or metrics). Every change is in
 * the {@link CampaignStore} before a listener hears of it. Listeners are called on the engine's
 * thread and must return quickly; they must not call the engine back synchronously.
 */
public interface CampaignListener {

  /**
   * A device row changed: it started, moved to another stage, succeeded, failed or stopped.
   *
   * @param run the new row
   */
  default void onDevice(DeviceRun run) {}

  /**
   * A task's counters changed.
   *
   * @param taskId the task
   * @param status the task status
   * @param counters the counters
   */
  default void onTask(String taskId, TaskStatus status, TaskCounters counters) {}
}
