package io.dfota.platform;

import io.dfota.core.FotaFleet;
import io.dfota.core.Scheduler;
import io.dfota.platform.internal.DefaultCampaignEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The platform's batch firmware-upgrade engine (protocol-notes §4.2–4.5): it runs tasks over a
 * {@link FotaFleet}, driven by device wake-ups and by timers on the injected {@link Scheduler}. For
 * each device it runs the seed's flow (version check, coverage gate with per-cell concurrency,
 * observe, package URI, download, execute, final state, result, cancel) with per-stage timeouts and
 * the task's retry strategy, and writes every outcome to the {@link CampaignStore} before reporting
 * it to {@link CampaignListener}s. {@link #start()} resumes the tasks found in the store.
 */
public interface CampaignEngine extends AutoCloseable {

  /**
   * Subscribes to the fleet and resumes every unfinished task in the store. Devices that were
   * running when the platform stopped start their attempt again (the interrupted attempt is not
   * counted).
   */
  void start();

  /**
   * Creates a task and, for execute type {@code now}, starts the devices that are reachable.
   *
   * @param request the form
   * @return the task, or a refusal (unknown package or group, profile without the firmware-upgrade
   *     capability, empty group)
   */
  Outcome<UpgradeTask> createTask(TaskRequest request);

  /**
   * Stops a task: waiting and running devices become stopped.
   *
   * @param taskId the task
   * @return the task, or a refusal
   */
  Outcome<UpgradeTask> stopTask(String taskId);

  /**
   * Retries a task's failed devices only (IoTDA "re-execute", protocol-notes §4.7), each with a
   * fresh retry budget. Not allowed while the task is stopped.
   *
   * @param taskId the task
   * @return the number of devices set waiting again, or a refusal
   */
  Outcome<Integer> retryFailed(String taskId);

  /**
   * Returns a task's details (seed Figure 16).
   *
   * @param taskId the task
   * @return the details
   */
  Optional<TaskDetails> details(String taskId);

  /**
   * Lists the tasks.
   *
   * @return the tasks, oldest first
   */
  List<UpgradeTask> tasks();

  /**
   * Adds a progress listener.
   *
   * @param listener the listener
   */
  void addListener(CampaignListener listener);

  /** Cancels the engine's timers; the store is left open (it belongs to the caller). */
  @Override
  void close();

  /**
   * Starts an engine.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CampaignEngine}; store, catalog, fleet and scheduler are required. */
  final class Builder {
    private @Nullable CampaignStore store;
    private @Nullable Catalog catalog;
    private @Nullable FotaFleet fleet;
    private @Nullable Scheduler scheduler;
    private final List<CampaignListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the store.
     *
     * @param value the store
     * @return this
     */
    public Builder store(CampaignStore value) {
      this.store = value;
      return this;
    }

    /**
     * Sets the catalogue packages come from.
     *
     * @param value the catalogue
     * @return this
     */
    public Builder catalog(Catalog value) {
      this.catalog = value;
      return this;
    }

    /**
     * Sets the fleet devices are driven through.
     *
     * @param value the fleet
     * @return this
     */
    public Builder fleet(FotaFleet value) {
      this.fleet = value;
      return this;
    }

    /**
     * Sets the scheduler all timers run on.
     *
     * @param value the scheduler
     * @return this
     */
    public Builder scheduler(Scheduler value) {
      this.scheduler = value;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param value the listener
     * @return this
     */
    public Builder listener(CampaignListener value) {
      listeners.add(value);
      return this;
    }

    /**
     * Builds the engine (call {@link CampaignEngine#start()} next).
     *
     * @return the engine
     * @throws IllegalStateException if a required field is missing
     */
    public CampaignEngine build() {
      if (store == null) {
        throw new IllegalStateException("store is required");
      }
      if (catalog == null) {
        throw new IllegalStateException("catalog is required");
      }
      if (fleet == null) {
        throw new IllegalStateException("fleet is required");
      }
      if (scheduler == null) {
        throw new IllegalStateException("scheduler is required");
      }
      DefaultCampaignEngine engine = new DefaultCampaignEngine(store, catalog, fleet, scheduler);
      listeners.forEach(engine::addListener);
      return engine;
    }
  }
}
