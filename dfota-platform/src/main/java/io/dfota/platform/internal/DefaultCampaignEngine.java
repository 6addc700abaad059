package io.dfota.platform.internal;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaFleet;
import io.dfota.core.FotaOperationException;
import io.dfota.core.FotaTarget;
import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.core.UpdateResult;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import io.dfota.platform.CoverageLevel;
import io.dfota.platform.Device;
import io.dfota.platform.DeviceGroup;
import io.dfota.platform.DeviceProfile;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.ExecutePolicy;
import io.dfota.platform.FirmwarePackage;
import io.dfota.platform.Outcome;
import io.dfota.platform.Refusal;
import io.dfota.platform.Stage;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskDetails;
import io.dfota.platform.TaskRequest;
import io.dfota.platform.UpgradeTask;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaign engine: one serial event loop (a trampoline, {@link SerialExecutor}) fed by fleet
 * wake-ups, target callbacks and scheduler timers. Each device attempt follows protocol-notes §4.2;
 * every row change is written to the store, then reported.
 */
public final class DefaultCampaignEngine implements CampaignEngine, FotaFleet.FleetListener {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultCampaignEngine.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_SHARED_CELLS = 1 << 20;

  /** How long after a re-registration during the update the engine looks at /5/0/3 itself. */
  static final Duration RECHECK_AFTER_REGISTRATION = Duration.ofSeconds(5);

  private final CampaignStore store;
  private final Catalog catalog;
  private final FotaFleet fleet;
  private final Scheduler scheduler;
  private final SerialExecutor serial = new SerialExecutor();
  private final List<CampaignListener> listeners = new CopyOnWriteArrayList<>();

  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private final Map<String, Attempt> active = new HashMap<>();
  private final Map<Long, Integer> cellRunning = new HashMap<>();
  private final Map<Long, ArrayDeque<Attempt>> cellQueue = new HashMap<>();
  private final Map<Long, Long> cellIds = new HashMap<>();
  private boolean started;
  private boolean closed;

  /**
   * Creates the engine; use {@link CampaignEngine#builder()}.
   *
   * @param store the store
   * @param catalog the catalogue
   * @param fleet the fleet
   * @param scheduler the scheduler
   */
  public DefaultCampaignEngine(
      CampaignStore store, Catalog catalog, FotaFleet fleet, Scheduler scheduler) {
    this.store = Objects.requireNonNull(store, "store");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  // ---------------------------------------------------------------- per-task and per-attempt state

  private static final class TaskState {
    UpgradeTask task;
    final FirmwarePackage pkg;
    final String uri;
    final RunTable runs = new RunTable(true);

    /** Online deadlines of waiting devices, one timer per distinct deadline. */
    final Map<Instant, WaitBucket> waitBuckets = new HashMap<>();

    final List<Scheduler.Cancellable> taskTimers = new ArrayList<>();
    final int[] counts = new int[DeviceStatus.values().length];
    boolean windowClosed;

    TaskState(UpgradeTask task, FirmwarePackage pkg, String uri) {
      this.task = task;
      this.pkg = pkg;
      this.uri = uri;
    }

    TaskCounters counters() {
      return new TaskCounters(
          runs.size(),
          counts[DeviceStatus.WAITING.ordinal()],
          counts[DeviceStatus.RUNNING.ordinal()],
          counts[DeviceStatus.SUCCESS.ordinal()],
          counts[DeviceStatus.FAILED.ordinal()],
          counts[DeviceStatus.STOPPED.ordinal()]);
    }
  }

  /**
   * The waiting devices whose online deadline is one instant: most of a task's devices share the
   * deadline of its creation, so a million waiting devices cost a few timers, not a million. An
   * entry goes stale when the device starts or is re-armed; the deadline is checked again when the
   * timer fires.
   */
  private static final class WaitBucket {
    final List<UUID> ids = new ArrayList<>();
    Scheduler.@Nullable Cancellable timer;
  }

  /** How the final state was reached, which decides what the update result means. */
  private enum Ending {
    DOWNLOAD_FAILED,
    FINAL_IDLE,
    FINAL_DOWNLOADED
  }

  private static final class Attempt {
    final TaskState ts;
    final UUID deviceId;
    final String imei;
    FotaTarget target;
    @Nullable Stage stage;
    long gen;
    // the attempt's deadline: one scheduler timer per attempt, re-armed only when needed
    @Nullable Runnable onDue;
    @Nullable Instant due;
    Scheduler.@Nullable Cancellable timer;
    @Nullable Instant timerDue;
    long timerSeq;
    @Nullable Long cell;
    @Nullable CoverageLevel level;
    boolean admitted;
    boolean queued;
    boolean observing;
    boolean allowed;
    boolean uriSent;
    boolean sawDownloading;
    boolean downloaded;
    boolean sawUpdating;

    /** The device registered again while the execute was outstanding. */
    boolean rebootedDuringExecute;

    @Nullable Ending ending;
    @Nullable FirmwareState lastState;
    boolean done;
    // the decided outcome, applied after the observation is cancelled
    @Nullable DeviceStatus outcome;
    @Nullable Stage outcomeStage;
    String outcomeText = "";

    Attempt(TaskState ts, UUID deviceId, String imei, FotaTarget target) {
      this.ts = ts;
      this.deviceId = deviceId;
      this.imei = imei;
      this.target = target;
    }
  }

  // ------------------------------------------------------------------------------- public API

  @Override
  public void start() {
    serial.call(
        () -> {
          resume();
          return null;
        });
  }

  private void resume() {
    if (started) {
      return;
    }
    started = true;
    fleet.addListener(this);
    for (UpgradeTask task : store.tasks()) {
      List<DeviceRun> runs = store.runs(task.id());
      if (TaskCounters.of(runs).status(task.stopped() != null).finished()) {
        continue;
      }
      Optional<FirmwarePackage> pkg = catalog.findPackage(task.packageId());
      if (pkg.isEmpty()) {
        LOG.error("task {}: package {} is missing; not resumed", task.id(), task.packageId());
        continue;
      }
      TaskState ts = newTaskState(task, pkg.get());
      List<DeviceRun> recovered = new ArrayList<>();
      for (DeviceRun r : runs) {
        DeviceRun row = r;
        if (r.status() == DeviceStatus.RUNNING) {
          row =
              r.with(
                      DeviceStatus.WAITING,
                      null,
                      "Interrupted by a platform restart; waiting for the device to come"
                          + " online again")
                  .with(
                      Math.max(0, r.attempts() - 1),
                      r.attemptLimit(),
                      r.failedStage(),
                      r.started(),
                      null,
                      r.notBefore(),
                      r.cellId());
          recovered.add(row);
        }
        index(ts, row);
      }
      if (!recovered.isEmpty()) {
        store.saveRuns(recovered);
      }
      tasks.put(task.id(), ts);
      LOG.info(
          "resumed task {} ({} devices, {} interrupted)", task.id(), runs.size(), recovered.size());
      arm(ts);
    }
  }

  @Override
  public Outcome<UpgradeTask> createTask(TaskRequest request) {
    Objects.requireNonNull(request, "request");
    return serial.call(() -> create(request));
  }

  private Outcome<UpgradeTask> create(TaskRequest request) {
    resume(); // a task needs the fleet's wake-ups
    Optional<FirmwarePackage> pkg = catalog.findPackage(request.packageId());
    if (pkg.isEmpty()) {
      return Outcome.refused(
          Refusal.NOT_FOUND, "Firmware package " + request.packageId() + " does not exist");
    }
    Outcome<DeviceProfile> profile = catalog.profileFor(pkg.get());
    if (profile instanceof Outcome.Refused<DeviceProfile> r) {
      return Outcome.refused(r.reason(), r.message());
    }
    List<Device> devices;
    if (request.group() != null) {
      Optional<DeviceGroup> group = catalog.group(request.group());
      if (group.isEmpty()) {
        return Outcome.refused(
            Refusal.NOT_FOUND, "Device group '" + request.group() + "' does not exist");
      }
      devices = group.get().devices();
    } else {
      devices = request.devices();
    }
    LinkedHashMap<UUID, Device> unique = new LinkedHashMap<>();
    LinkedHashSet<String> imeis = new LinkedHashSet<>();
    for (Device d : devices) {
      if (unique.putIfAbsent(d.id(), d) == null && !imeis.add(d.imei())) {
        return Outcome.refused(
            Refusal.INVALID_INPUT, "Device name " + d.imei() + " appears under two device ids");
      }
    }
    if (unique.isEmpty()) {
      return Outcome.refused(Refusal.INVALID_INPUT, "The task has no devices");
    }
    Instant now = scheduler.now();
    if (request.execute().type() == ExecutePolicy.Type.CUSTOM
        && !Objects.requireNonNull(request.execute().end()).isAfter(now)) {
      return Outcome.refused(
          Refusal.INVALID_INPUT, "The custom execution window ends before the task is created");
    }
    UpgradeTask task =
        new UpgradeTask(
            newTaskId(),
            request.name(),
            pkg.get().id(),
            request.group(),
            request.retry(),
            request.execute(),
            request.timeouts(),
            request.coverage(),
            now,
            null);
    int limit = 1 + request.retry().retries();
    List<DeviceRun> runs = new ArrayList<>();
    for (Device d : unique.values()) {
      runs.add(DeviceRun.waiting(task.id(), d, limit, now));
    }
    store.createTask(task, runs);
    TaskState ts = newTaskState(task, pkg.get());
    runs.forEach(r -> index(ts, r));
    tasks.put(task.id(), ts);
    LOG.info("created task {} '{}' with {} devices", task.id(), task.name(), runs.size());
    reportTask(ts);
    arm(ts);
    return Outcome.accepted(task);
  }

  @Override
  public Outcome<UpgradeTask> stopTask(String taskId) {
    return serial.call(
        () -> {
          TaskState ts = tasks.get(taskId);
          if (ts == null) {
            Optional<UpgradeTask> stored = store.task(taskId);
            if (stored.isEmpty()) {
              return Outcome.refused(Refusal.NOT_FOUND, "Task " + taskId + " does not exist");
            }
            return Outcome.refused(
                Refusal.WRONG_STATUS, "Task " + taskId + " has already finished");
          }
          if (ts.task.stopped() != null) {
            return Outcome.refused(Refusal.WRONG_STATUS, "Task " + taskId + " is already stopped");
          }
          Instant now = scheduler.now();
          ts.task = ts.task.stop(now);
          store.updateTask(ts.task);
          ts.taskTimers.forEach(Scheduler.Cancellable::cancel);
          List<DeviceRun> changed = new ArrayList<>();
          for (DeviceRun r : List.copyOf(ts.runs.values())) {
            String text;
            if (r.status() == DeviceStatus.WAITING) {
              Attempt queued = active.get(r.imei());
              if (queued != null && queued.ts == ts) {
                abandon(queued);
              }
              text = "Task stopped before the device was upgraded";
            } else if (r.status() == DeviceStatus.RUNNING) {
              Attempt a = active.get(r.imei());
              Stage at = a != null ? a.stage : r.stage();
              if (a != null && a.ts == ts) {
                abandon(a);
              }
              text = "Task stopped during stage " + at;
            } else {
              continue;
            }
            changed.add(
                r.with(DeviceStatus.STOPPED, null, text)
                    .with(
                        r.attempts(),
                        r.attemptLimit(),
                        r.failedStage(),
                        r.started(),
                        now,
                        null,
                        r.cellId()));
          }
          store.saveRuns(changed);
          for (DeviceRun r : changed) {
            replace(ts, r);
          }
          changed.forEach(this::reportDevice);
          reportTask(ts);
          tasks.remove(taskId);
          return Outcome.accepted(ts.task);
        });
  }

  @Override
  public Outcome<Integer> retryFailed(String taskId) {
    return serial.call(
        () -> {
          TaskState ts = tasks.get(taskId);
          if (ts == null) {
            Optional<UpgradeTask> stored = store.task(taskId);
            if (stored.isEmpty()) {
              return Outcome.refused(Refusal.NOT_FOUND, "Task " + taskId + " does not exist");
            }
            if (stored.get().stopped() != null) {
              return Outcome.refused(
                  Refusal.WRONG_STATUS, "Task " + taskId + " is stopped and cannot be retried");
            }
            Optional<FirmwarePackage> pkg = catalog.findPackage(stored.get().packageId());
            if (pkg.isEmpty()) {
              return Outcome.refused(
                  Refusal.NOT_FOUND,
                  "Firmware package " + stored.get().packageId() + " does not exist");
            }
            ts = newTaskState(stored.get(), pkg.get());
            for (DeviceRun r : store.runs(taskId)) {
              index(ts, r);
            }
          }
          ExecutePolicy exec = ts.task.execute();
          Instant now = scheduler.now();
          if (exec.type() == ExecutePolicy.Type.CUSTOM
              && !Objects.requireNonNull(exec.end()).isAfter(now)) {
            return Outcome.refused(
                Refusal.WRONG_STATUS, "Task " + taskId + ": the custom execution window has ended");
          }
          List<DeviceRun> changed = new ArrayList<>();
          for (DeviceRun r : ts.runs.values()) {
            if (r.status() == DeviceStatus.FAILED) {
              changed.add(
                  r.with(
                          DeviceStatus.WAITING,
                          null,
                          "Waiting for the device to come online (retry of a failed device)")
                      .with(
                          r.attempts(),
                          r.attempts() + 1 + ts.task.retry().retries(),
                          r.failedStage(),
                          r.started(),
                          null,
                          now,
                          r.cellId()));
            }
          }
          if (changed.isEmpty()) {
            return Outcome.<Integer>accepted(0);
          }
          store.saveRuns(changed);
          TaskState state = ts;
          changed.forEach(r -> replace(state, r));
          changed.forEach(this::reportDevice);
          reportTask(ts);
          if (!tasks.containsKey(taskId)) {
            tasks.put(taskId, ts);
            arm(ts);
          } else {
            for (DeviceRun r : changed) {
              armWait(ts, r);
              kick(ts, r.deviceId());
            }
          }
          return Outcome.accepted(changed.size());
        });
  }

  @Override
  public Optional<TaskDetails> details(String taskId) {
    return serial.call(
        () -> {
          TaskState ts = tasks.get(taskId);
          UpgradeTask task;
          List<DeviceRun> runs;
          FirmwarePackage pkg;
          if (ts != null) {
            task = ts.task;
            runs = List.copyOf(ts.runs.values());
            pkg = ts.pkg;
          } else {
            Optional<UpgradeTask> stored = store.task(taskId);
            if (stored.isEmpty()) {
              return Optional.<TaskDetails>empty();
            }
            task = stored.get();
            runs = store.runs(taskId);
            Optional<FirmwarePackage> p = catalog.findPackage(task.packageId());
            if (p.isEmpty()) {
              return Optional.<TaskDetails>empty();
            }
            pkg = p.get();
          }
          TaskCounters counters = TaskCounters.of(runs);
          return Optional.of(
              new TaskDetails(
                  task.name(),
                  task.id(),
                  counters.status(task.stopped() != null),
                  counters,
                  task.created(),
                  task.retry().custom() ? "Custom" : "No",
                  task.retry().retries(),
                  task.group(),
                  pkg.deviceType(),
                  pkg.manufacturer(),
                  pkg.model(),
                  pkg.protocol(),
                  pkg.version(),
                  pkg.binName(),
                  runs));
        });
  }

  @Override
  public List<UpgradeTask> tasks() {
    return serial.call(store::tasks);
  }

  @Override
  public void addListener(CampaignListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    serial.call(
        () -> {
          closed = true;
          for (TaskState ts : tasks.values()) {
            ts.taskTimers.forEach(Scheduler.Cancellable::cancel);
            cancelWaits(ts);
          }
          for (Attempt a : active.values()) {
            a.done = true;
            stopTimer(a);
          }
          return null;
        });
  }

  @Override
  public void onAwake(String endpoint, FotaFleet.AwakeReason reason) {
    serial.execute(
        () -> {
          Attempt a = active.get(endpoint);
          if (a != null && reason == FotaFleet.AwakeReason.REGISTERED && updateRunning(a)) {
            if (a.stage == Stage.EXECUTE) {
              a.rebootedDuringExecute = true;
            }
            // the final notification, sent before the registration, normally comes first: look
            // again only if it did not (re-observing at once would cut the module's observation
            // and print a second FIRMWARE UPDATE OVER)
            scheduler.schedule(
                RECHECK_AFTER_REGISTRATION, () -> serial.execute(() -> reRegistered(a)));
          }
          awake(endpoint);
        });
  }

  // ------------------------------------------------------------------------- scheduling helpers

  private TaskState newTaskState(UpgradeTask task, FirmwarePackage pkg) {
    String uri = fleet.publish(catalog.content(pkg));
    return new TaskState(task, pkg, uri);
  }

  private static void index(TaskState ts, DeviceRun r) {
    DeviceRun old = ts.runs.put(r);
    if (old != null) {
      ts.counts[old.status().ordinal()]--;
    }
    ts.counts[r.status().ordinal()]++;
  }

  private static void replace(TaskState ts, DeviceRun r) {
    DeviceRun old = ts.runs.put(r);
    if (old != null) {
      ts.counts[old.status().ordinal()]--;
    }
    ts.counts[r.status().ordinal()]++;
  }

  private boolean windowOpen(TaskState ts, Instant now) {
    ExecutePolicy e = ts.task.execute();
    if (e.type() != ExecutePolicy.Type.CUSTOM) {
      return true;
    }
    return !now.isBefore(Objects.requireNonNull(e.start()))
        && now.isBefore(Objects.requireNonNull(e.end()));
  }

  /** Arms a task's timers and starts what can start now. */
  private void arm(TaskState ts) {
    Instant now = scheduler.now();
    ExecutePolicy e = ts.task.execute();
    if (e.type() == ExecutePolicy.Type.CUSTOM) {
      Instant start = Objects.requireNonNull(e.start());
      Instant end = Objects.requireNonNull(e.end());
      if (now.isBefore(start)) {
        ts.taskTimers.add(
            scheduler.schedule(
                Duration.between(now, start),
                () -> serial.execute(() -> kickAll(ts, /* windowStart= */ true))));
      }
      ts.taskTimers.add(
          scheduler.schedule(
              now.isBefore(end) ? Duration.between(now, end) : Duration.ZERO,
              () -> serial.execute(() -> closeWindow(ts))));
    }
    for (DeviceRun r : ts.runs.values()) {
      if (r.status() == DeviceStatus.WAITING) {
        armWait(ts, r);
      }
    }
    if (e.type() == ExecutePolicy.Type.NOW || (e.type() == ExecutePolicy.Type.CUSTOM)) {
      if (windowOpen(ts, now)) {
        kickAll(ts, false);
      }
    } else {
      // device_online: only devices due for a retry are started at once
      for (DeviceRun r : List.copyOf(ts.runs.values())) {
        if (r.status() == DeviceStatus.WAITING && r.notBefore() != null) {
          kick(ts, r.deviceId());
        }
      }
    }
  }

  private void kickAll(TaskState ts, boolean windowStart) {
    if (!isLive(ts)) {
      return;
    }
    for (DeviceRun r : List.copyOf(ts.runs.values())) {
      if (r.status() == DeviceStatus.WAITING) {
        if (windowStart) {
          armWait(ts, r);
        }
        kick(ts, r.deviceId());
      }
    }
  }

  private boolean isLive(TaskState ts) {
    return !closed && ts.task.stopped() == null && tasks.get(ts.task.id()) == ts;
  }

  /** Arms the online deadline (and the retry start) of a waiting device. */
  private void armWait(TaskState ts, DeviceRun r) {
    Instant now = scheduler.now();
    ExecutePolicy e = ts.task.execute();
    if (e.type() == ExecutePolicy.Type.CUSTOM && now.isBefore(Objects.requireNonNull(e.start()))) {
      return; // armed again when the window opens
    }
    Instant deadline = onlineDeadline(ts, r);
    if (deadline.isBefore(now)) {
      deadline = now;
    }
    UUID id = r.deviceId();
    WaitBucket bucket = ts.waitBuckets.get(deadline);
    if (bucket == null) {
      WaitBucket b = new WaitBucket();
      Instant due = deadline;
      b.timer =
          scheduler.schedule(
              Duration.between(now, deadline), () -> serial.execute(() -> waitExpired(ts, due)));
      ts.waitBuckets.put(deadline, b);
      bucket = b;
    }
    bucket.ids.add(id);
    if (r.notBefore() != null && r.notBefore().isAfter(now)) {
      ts.taskTimers.add(
          scheduler.schedule(
              Duration.between(now, r.notBefore()), () -> serial.execute(() -> kick(ts, id))));
    }
  }

  /** When a waiting device that is not queued for a cell slot stops waiting for its wake-up. */
  private static Instant onlineDeadline(TaskState ts, DeviceRun r) {
    ExecutePolicy e = ts.task.execute();
    Instant base = r.notBefore() != null ? r.notBefore() : r.created();
    if (e.type() == ExecutePolicy.Type.CUSTOM && base.isBefore(Objects.requireNonNull(e.start()))) {
      base = e.start();
    }
    return base.plus(ts.task.timeouts().online());
  }

  /** Times out the devices of a bucket that still wait and whose deadline has come. */
  private void waitExpired(TaskState ts, Instant deadline) {
    WaitBucket b = ts.waitBuckets.remove(deadline);
    if (b == null || !isLive(ts)) {
      return;
    }
    Instant now = scheduler.now();
    for (UUID id : b.ids) {
      DeviceRun r = ts.runs.get(id);
      if (r == null || r.status() != DeviceStatus.WAITING) {
        continue;
      }
      Attempt a = active.get(r.imei());
      if (a != null && a.ts == ts) {
        continue; // queued for a cell slot: its own deadline runs on the attempt's timer
      }
      if (onlineDeadline(ts, r).isAfter(now)) {
        continue; // re-armed for a later deadline
      }
      onlineTimeout(ts, id);
    }
  }

  private static void cancelWaits(TaskState ts) {
    for (WaitBucket b : ts.waitBuckets.values()) {
      if (b.timer != null) {
        b.timer.cancel();
      }
    }
    ts.waitBuckets.clear();
  }

  private void awake(String imei) {
    if (closed) {
      return;
    }
    for (TaskState ts : List.copyOf(tasks.values())) {
      UUID id = ts.runs.idOfImei(imei);
      if (id != null && kick(ts, id)) {
        return;
      }
    }
  }

  /** Starts a waiting device if it may start now and is reachable; returns whether it started. */
  private boolean kick(TaskState ts, UUID deviceId) {
    if (!isLive(ts)) {
      return false;
    }
    DeviceRun r = ts.runs.get(deviceId);
    Instant now = scheduler.now();
    if (r == null
        || r.status() != DeviceStatus.WAITING
        || active.containsKey(r.imei())
        || !windowOpen(ts, now)
        || (r.notBefore() != null && r.notBefore().isAfter(now))) {
      return false;
    }
    Optional<FotaTarget> target = fleet.target(r.imei());
    if (target.isEmpty()) {
      return false;
    }
    Attempt a = new Attempt(ts, deviceId, r.imei(), target.get());
    active.put(r.imei(), a);
    DeviceRun started =
        r.with(
                r.attempts() + 1,
                r.attemptLimit(),
                r.failedStage(),
                now,
                null,
                r.notBefore(),
                r.cellId())
            .with(DeviceStatus.RUNNING, Stage.READ_VERSION, running(Stage.READ_VERSION));
    put(ts, started);
    a.stage = Stage.READ_VERSION;
    query(a, Stage.READ_VERSION, () -> a.target.readFirmwareVersion(), this::onVersion);
    return true;
  }

  // ---------------------------------------------------------------------------- the §4.2 flow

  private <T> void query(
      Attempt a, Stage stage, Supplier<CompletableFuture<T>> op, BiConsumer<Attempt, T> next) {
    query(a, stage, op, next, (at, text) -> onStepFailed(at, stage, text));
  }

  private <T> void query(
      Attempt a,
      Stage stage,
      Supplier<CompletableFuture<T>> op,
      BiConsumer<Attempt, T> next,
      BiConsumer<Attempt, String> onError) {
    enter(a, stage);
    long gen = a.gen;
    Duration timeout = a.ts.task.timeouts().query();
    armDeadline(
        a,
        timeout,
        () -> {
          if (a.gen == gen && !a.done) {
            onError.accept(a, "Timeout: no answer to " + what(stage) + " within " + fmt(timeout));
          }
        });
    CompletableFuture<T> f;
    try {
      f = Objects.requireNonNull(op.get(), "future");
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (v, e) ->
            serial.execute(
                () -> {
                  if (a.gen != gen || a.done) {
                    return;
                  }
                  cancelTimer(a);
                  if (e != null) {
                    onError.accept(a, failureText(stage, e));
                  } else {
                    next.accept(a, v);
                  }
                }));
  }

  private void enter(Attempt a, Stage stage) {
    a.gen++;
    cancelTimer(a);
    if (a.stage != stage) {
      a.stage = stage;
      DeviceRun r = a.ts.runs.get(a.deviceId);
      if (r != null && r.status() == DeviceStatus.RUNNING) {
        put(a.ts, r.with(DeviceStatus.RUNNING, stage, running(stage)));
      }
    }
  }

  private void waitFor(Attempt a, Stage stage, Duration timeout, String timeoutText) {
    enter(a, stage);
    long gen = a.gen;
    armDeadline(
        a,
        timeout,
        () -> {
          if (a.gen == gen && !a.done) {
            onStepFailed(a, stage, timeoutText);
          }
        });
  }

  /**
   * Sets the attempt's deadline: {@code onDue} runs in the serial order once {@code timeout} has
   * passed, unless {@link #cancelTimer} or another deadline comes first. A stage that answers at
   * once costs no timer: the attempt keeps one scheduler timer, replaced only when a deadline is
   * earlier than it, and re-armed when it fires before the current deadline.
   */
  private void armDeadline(Attempt a, Duration timeout, Runnable onDue) {
    Instant now = scheduler.now();
    Instant due = now.plus(timeout);
    a.due = due;
    a.onDue = onDue;
    if (a.timer != null && !Objects.requireNonNull(a.timerDue).isAfter(due)) {
      return; // the pending timer fires first and re-arms for this deadline
    }
    stopTimer(a);
    a.onDue = onDue;
    scheduleDeadline(a, now, due);
  }

  private void scheduleDeadline(Attempt a, Instant now, Instant due) {
    long seq = ++a.timerSeq;
    a.timerDue = due;
    a.timer =
        scheduler.schedule(
            Duration.between(now, due), () -> serial.execute(() -> deadlineReached(a, seq)));
  }

  private void deadlineReached(Attempt a, long seq) {
    if (seq != a.timerSeq) {
      return; // superseded by an earlier timer
    }
    a.timer = null;
    a.timerDue = null;
    Runnable onDue = a.onDue;
    Instant due = a.due;
    if (onDue == null || due == null || a.done) {
      return;
    }
    Instant now = scheduler.now();
    if (due.isAfter(now)) {
      scheduleDeadline(a, now, due);
      return;
    }
    a.onDue = null;
    onDue.run();
  }

  /** Clears the attempt's deadline; a pending timer fires later and finds nothing to do. */
  private static void cancelTimer(Attempt a) {
    a.onDue = null;
  }

  /** Clears the deadline and cancels the pending timer (the attempt ends or is queued). */
  private static void stopTimer(Attempt a) {
    a.onDue = null;
    if (a.timer != null) {
      a.timer.cancel();
      a.timer = null;
      a.timerDue = null;
      a.timerSeq++;
    }
  }

  private void onVersion(Attempt a, String version) {
    if (version.equals(a.ts.pkg.version())) {
      finish(
          a,
          DeviceStatus.SUCCESS,
          null,
          "Already at the target version " + version + "; no update needed");
      return;
    }
    query(a, Stage.READ_RADIO, () -> a.target.readRadio(), this::onRadio);
  }

  private void onRadio(Attempt a, RadioReport radio) {
    Optional<CoverageLevel> level = a.ts.task.coverage().classify(radio);
    if (level.isEmpty()) {
      onStepFailed(
          a, Stage.READ_RADIO, "Coverage unknown: neither the signal nor the cell id was readable");
      return;
    }
    a.cell = cellId(Objects.requireNonNull(radio.cellId()));
    a.level = level.get();
    DeviceRun r = a.ts.runs.get(a.deviceId);
    if (r != null) {
      put(
          a.ts,
          r.with(
              r.attempts(),
              r.attemptLimit(),
              r.failedStage(),
              r.started(),
              r.finished(),
              r.notBefore(),
              a.cell));
    }
    admitOrQueue(a);
  }

  /** Returns one boxed instance per cell id, so that a million rows share a few thousand. */
  private Long cellId(Long cell) {
    Long kept = cellIds.get(cell);
    if (kept != null) {
      return kept;
    }
    if (cellIds.size() < MAX_SHARED_CELLS) {
      cellIds.put(cell, cell);
    }
    return cell;
  }

  private void admitOrQueue(Attempt a) {
    long cell = Objects.requireNonNull(a.cell);
    int cap = a.ts.task.coverage().cap(Objects.requireNonNull(a.level));
    int running = cellRunning.getOrDefault(cell, 0);
    if (running < cap) {
      a.admitted = true;
      a.queued = false;
      cellRunning.put(cell, running + 1);
      observe(a);
      return;
    }
    a.queued = true;
    a.gen++;
    cancelTimer(a);
    a.stage = null;
    cellQueue.computeIfAbsent(cell, c -> new ArrayDeque<>()).add(a);
    DeviceRun r = a.ts.runs.get(a.deviceId);
    if (r != null) {
      // a queued device has not started its attempt yet: it is counted when admitted
      DeviceRun w =
          r.with(
                  r.attempts() - 1,
                  r.attemptLimit(),
                  r.failedStage(),
                  r.started(),
                  r.finished(),
                  r.notBefore(),
                  r.cellId())
              .with(
                  DeviceStatus.WAITING,
                  null,
                  "Waiting for a free upgrade slot in cell "
                      + cell
                      + " ("
                      + a.level
                      + ": at most "
                      + cap
                      + " at once)");
      put(a.ts, w);
      UUID id = a.deviceId;
      TaskState ts = a.ts;
      armDeadline(a, ts.task.timeouts().online(), () -> onlineTimeout(ts, id));
    }
  }

  private void releaseSlot(Attempt a) {
    if (a.queued) {
      a.queued = false;
      ArrayDeque<Attempt> q = cellQueue.get(a.cell);
      if (q != null) {
        q.remove(a);
      }
      return;
    }
    if (!a.admitted) {
      return;
    }
    a.admitted = false;
    long cell = Objects.requireNonNull(a.cell);
    int n = cellRunning.getOrDefault(cell, 1) - 1;
    if (n <= 0) {
      cellRunning.remove(cell);
    } else {
      cellRunning.put(cell, n);
    }
    serial.execute(() -> admitNext(cell));
  }

  private void admitNext(long cell) {
    ArrayDeque<Attempt> q = cellQueue.get(cell);
    if (q == null) {
      return;
    }
    for (Attempt a : List.copyOf(q)) {
      int cap = a.ts.task.coverage().cap(Objects.requireNonNull(a.level));
      if (cellRunning.getOrDefault(cell, 0) >= cap) {
        continue;
      }
      Optional<FotaTarget> target = fleet.target(a.imei);
      if (target.isEmpty() || a.done || !isLive(a.ts)) {
        continue;
      }
      q.remove(a);
      a.target = target.get();
      a.queued = false;
      cancelTimer(a);
      DeviceRun r = a.ts.runs.get(a.deviceId);
      if (r == null || r.status() != DeviceStatus.WAITING) {
        continue;
      }
      put(
          a.ts,
          r.with(
                  r.attempts() + 1,
                  r.attemptLimit(),
                  r.failedStage(),
                  scheduler.now(),
                  null,
                  r.notBefore(),
                  r.cellId())
              .with(DeviceStatus.RUNNING, Stage.OBSERVE, running(Stage.OBSERVE)));
      a.admitted = true;
      cellRunning.merge(cell, 1, Integer::sum);
      observe(a);
    }
    if (q.isEmpty()) {
      cellQueue.remove(cell);
    }
  }

  private void observe(Attempt a) {
    query(
        a,
        Stage.OBSERVE,
        () -> a.target.observeState(s -> serial.execute(() -> onNotify(a, s))),
        this::onObserved);
  }

  private void onObserved(Attempt a, FirmwareState initial) {
    a.observing = true;
    a.lastState = initial;
    switch (initial) {
      case IDLE:
        fleet.allowDownload(a.imei, a.ts.pkg.id());
        a.allowed = true;
        a.uriSent = true;
        query(a, Stage.WRITE_URI, () -> a.target.writePackageUri(a.ts.uri), this::onUriWritten);
        break;
      case DOWNLOADING:
        fleet.allowDownload(a.imei, a.ts.pkg.id());
        a.allowed = true;
        a.uriSent = true;
        a.sawDownloading = true;
        waitDownload(a);
        break;
      case DOWNLOADED:
        execute(a);
        break;
      default:
        a.sawUpdating = true;
        waitResult(a);
        break;
    }
  }

  private void onUriWritten(Attempt a, @Nullable Void ignored) {
    if (a.downloaded) {
      execute(a);
    } else if (a.ending == Ending.DOWNLOAD_FAILED) {
      readResult(a);
    } else {
      waitDownload(a);
    }
  }

  private void waitDownload(Attempt a) {
    Duration t = a.ts.task.timeouts().download();
    waitFor(a, Stage.DOWNLOAD, t, "Timeout: download not completed within " + fmt(t));
  }

  private void execute(Attempt a) {
    query(
        a,
        Stage.EXECUTE,
        () -> a.target.executeUpdate(),
        this::onExecuted,
        (at, text) -> {
          if (at.ending != null) {
            // the acknowledgement was lost but the final state came (a reboot cut the exchange)
            readResult(at);
          } else if (at.sawUpdating) {
            waitResult(at);
          } else {
            onStepFailed(at, Stage.EXECUTE, text);
          }
        });
  }

  private void onExecuted(Attempt a, @Nullable Void ignored) {
    if (a.ending != null) {
      readResult(a);
    } else {
      waitResult(a);
      if (a.rebootedDuringExecute) {
        // the module rebooted before its acknowledgement came: its state may be final already
        reRegistered(a);
      }
    }
  }

  private void waitResult(Attempt a) {
    Duration t = a.ts.task.timeouts().result();
    waitFor(
        a,
        Stage.UPDATE,
        t,
        "Timeout: no final firmware state within " + fmt(t) + " after the update was executed");
  }

  private void onNotify(Attempt a, FirmwareState s) {
    if (a.done || a.ending != null) {
      return;
    }
    a.lastState = s;
    Stage st = a.stage;
    boolean downloadPhase = st == Stage.OBSERVE || st == Stage.WRITE_URI || st == Stage.DOWNLOAD;
    if (downloadPhase && a.uriSent) {
      if (s == FirmwareState.DOWNLOADING) {
        a.sawDownloading = true;
      } else if (s == FirmwareState.DOWNLOADED) {
        a.downloaded = true;
        if (st == Stage.DOWNLOAD) {
          execute(a);
        }
      } else if (s == FirmwareState.IDLE && (a.sawDownloading || st == Stage.DOWNLOAD)) {
        a.ending = Ending.DOWNLOAD_FAILED;
        if (st == Stage.DOWNLOAD) {
          readResult(a);
        }
      }
    } else if (st == Stage.EXECUTE || st == Stage.UPDATE) {
      if (s == FirmwareState.UPDATING) {
        a.sawUpdating = true;
      } else if (s == FirmwareState.IDLE) {
        a.ending = Ending.FINAL_IDLE;
      } else if (s == FirmwareState.DOWNLOADED && (a.sawUpdating || st == Stage.UPDATE)) {
        // after the execute was acknowledged, DOWNLOADED can only mean UPDATING -> DOWNLOADED
        // (T6), even if the UPDATING notification was lost across the reboot
        a.ending = Ending.FINAL_DOWNLOADED;
      }
      if (a.ending != null && st == Stage.UPDATE) {
        readResult(a);
      }
    }
  }

  /**
   * The device registered again (it rebooted) while the execute or the update runs: the final
   * {@code /5/0/3} notification may have been lost with the reboot (a power loss while UPDATING
   * cuts the confirmable notification, and the module then drops the observation), so instead of
   * waiting for the result timeout the engine observes {@code /5/0/3} again (protocol-notes §4.2
   * step 8, §6 P1 and P9). The state it reads is handled as a notification: UPDATING keeps the wait
   * (now on a live observation), IDLE or DOWNLOADED after the update started end it, and the result
   * {@code /5/0/5} (or {@code /3/0/3}) then decides as usual.
   */
  private void reRegistered(Attempt a) {
    if (!updateRunning(a)) {
      return;
    }
    fleet.target(a.imei).ifPresent(t -> a.target = t);
    LOG.info("{}: registered again during stage {}; observing /5/0/3 again", a.imei, a.stage);
    call(() -> a.target.observeState(s -> serial.execute(() -> onNotify(a, s))))
        .whenComplete(
            (state, e) ->
                serial.execute(
                    () -> {
                      if (!updateRunning(a)) {
                        return;
                      }
                      if (e != null) {
                        LOG.info("{}: observing /5/0/3 again failed: {}", a.imei, e.toString());
                      } else {
                        onNotify(a, state);
                      }
                    }));
  }

  private static boolean updateRunning(Attempt a) {
    return !a.done
        && a.ending == null
        && a.observing
        && (a.stage == Stage.UPDATE || a.stage == Stage.EXECUTE);
  }

  private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> op) {
    try {
      return Objects.requireNonNull(op.get(), "future");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void readResult(Attempt a) {
    query(
        a,
        Stage.READ_RESULT,
        () -> a.target.readUpdateResult(),
        this::onResult,
        (at, text) -> {
          if (at.ending != Ending.FINAL_IDLE) {
            onStepFailed(at, Stage.READ_RESULT, text);
            return;
          }
          // protocol-notes §4.2 success criterion: a /3/0/3 equal to the target also counts
          query(
              at,
              Stage.READ_VERSION,
              () -> at.target.readFirmwareVersion(),
              (a2, version) -> {
                if (version.equals(a2.ts.pkg.version())) {
                  decide(
                      a2,
                      DeviceStatus.SUCCESS,
                      null,
                      DeviceRun.SUCCESS_DESCRIPTION
                          + " (version "
                          + version
                          + " read from /3/0/3; the update result was not readable)");
                } else {
                  decide(
                      a2,
                      DeviceStatus.FAILED,
                      Stage.READ_RESULT,
                      text + "; /3/0/3 still reports " + version);
                }
              },
              (a2, text2) -> onStepFailed(a2, Stage.READ_RESULT, text));
        });
  }

  private void onResult(Attempt a, UpdateResult result) {
    String code = "update result " + result.code() + " (" + result.description() + ")";
    Ending ending = Objects.requireNonNull(a.ending);
    switch (ending) {
      case DOWNLOAD_FAILED:
        if (result == UpdateResult.INITIAL) {
          // a download error sets a result; IDLE with none is the T11 reboot (power loss, reset)
          decide(
              a,
              DeviceStatus.FAILED,
              Stage.DOWNLOAD,
              "Download failed: the module restarted during the download and went back to IDLE, "
                  + code);
        } else {
          decide(a, DeviceStatus.FAILED, Stage.DOWNLOAD, "Download failed: " + code);
        }
        break;
      case FINAL_DOWNLOADED:
        if (result == UpdateResult.INITIAL) {
          // DOWNLOADED without a result is not T6 (which sets 8): the state was read before the
          // executed update began (after a reboot); wait for the update's notifications
          a.ending = null;
          waitResult(a);
          break;
        }
        decide(
            a,
            DeviceStatus.FAILED,
            Stage.UPDATE,
            "Update failed: the module went back to DOWNLOADED, " + code);
        break;
      default:
        if (result == UpdateResult.SUCCESS) {
          decide(a, DeviceStatus.SUCCESS, null, DeviceRun.SUCCESS_DESCRIPTION);
        } else {
          decide(a, DeviceStatus.FAILED, Stage.UPDATE, "Update failed: " + code);
        }
        break;
    }
  }

  /** Records the decided outcome, then cancels the observation (step 9) and finishes. */
  private void decide(Attempt a, DeviceStatus status, @Nullable Stage failed, String text) {
    a.outcome = status;
    a.outcomeStage = failed;
    a.outcomeText = text;
    enter(a, Stage.CANCEL_OBSERVATION);
    long gen = a.gen;
    Duration timeout = a.ts.task.timeouts().query();
    Runnable complete =
        () -> {
          if (a.gen == gen && !a.done) {
            cancelTimer(a);
            a.observing = false;
            finish(a, status, failed, text);
          }
        };
    armDeadline(a, timeout, complete);
    CompletableFuture<Void> f;
    try {
      f = Objects.requireNonNull(a.target.cancelObservation(), "future");
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (v, e) -> {
          if (e != null) {
            LOG.warn("{}: cancelling the /5/0/3 observation failed: {}", a.imei, e.toString());
          }
          serial.execute(complete);
        });
  }

  private void onStepFailed(Attempt a, Stage stage, String text) {
    if (a.observing) {
      a.observing = false;
      try {
        a.target
            .cancelObservation()
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    LOG.debug("{}: cancel observation after failure: {}", a.imei, e.toString());
                  }
                });
      } catch (RuntimeException e) {
        LOG.debug("{}: cancel observation after failure: {}", a.imei, e.toString());
      }
    }
    finish(a, DeviceStatus.FAILED, stage, text);
  }

  /** Ends an attempt without recording anything (task stopped). */
  private void abandon(Attempt a) {
    a.done = true;
    stopTimer(a);
    if (a.observing) {
      a.observing = false;
      try {
        a.target.cancelObservation();
      } catch (RuntimeException e) {
        LOG.debug("{}: cancel observation on stop: {}", a.imei, e.toString());
      }
    }
    if (a.allowed) {
      fleet.revokeDownload(a.imei, a.ts.pkg.id());
    }
    active.remove(a.imei, a);
    releaseSlot(a);
  }

  /** Ends an attempt with an outcome: writes it, then reports it; schedules a retry if allowed. */
  private void finish(Attempt a, DeviceStatus status, @Nullable Stage failedStage, String text) {
    a.done = true;
    stopTimer(a);
    if (a.allowed) {
      a.allowed = false;
      fleet.revokeDownload(a.imei, a.ts.pkg.id());
    }
    active.remove(a.imei, a);
    DeviceRun r = a.ts.runs.get(a.deviceId);
    if (r != null && (r.status() == DeviceStatus.RUNNING || r.status() == DeviceStatus.WAITING)) {
      put(a.ts, outcome(a.ts, r, status, failedStage, text));
    }
    releaseSlot(a);
  }

  private DeviceRun outcome(
      TaskState ts, DeviceRun r, DeviceStatus status, @Nullable Stage failedStage, String text) {
    Instant now = scheduler.now();
    if (status == DeviceStatus.SUCCESS) {
      return r.with(DeviceStatus.SUCCESS, null, text)
          .with(r.attempts(), r.attemptLimit(), null, r.started(), now, null, r.cellId());
    }
    boolean canRetry =
        r.attempts() < r.attemptLimit() && isLive(ts) && !ts.windowClosed && windowOpen(ts, now);
    if (canRetry) {
      Instant when = now.plus(ts.task.retry().interval());
      DeviceRun w =
          r.with(
                  DeviceStatus.WAITING,
                  null,
                  "Retry "
                      + r.attempts()
                      + " of "
                      + (r.attemptLimit() - 1)
                      + " pending after: "
                      + text)
              .with(
                  r.attempts(), r.attemptLimit(), failedStage, r.started(), null, when, r.cellId());
      serial.execute(
          () -> {
            if (isLive(ts) && ts.runs.get(r.deviceId()) == w) {
              armWait(ts, w);
              if (!when.isAfter(scheduler.now())) {
                kick(ts, w.deviceId());
              }
            }
          });
      return w;
    }
    return r.with(DeviceStatus.FAILED, null, text)
        .with(r.attempts(), r.attemptLimit(), failedStage, r.started(), now, null, r.cellId());
  }

  private void onlineTimeout(TaskState ts, UUID deviceId) {
    if (!isLive(ts)) {
      return;
    }
    DeviceRun r = ts.runs.get(deviceId);
    if (r == null || r.status() != DeviceStatus.WAITING) {
      return;
    }
    Attempt queued = active.get(r.imei());
    DeviceRun counted =
        r.with(
            r.attempts() + 1,
            r.attemptLimit(),
            r.failedStage(),
            r.started(),
            null,
            r.notBefore(),
            r.cellId());
    if (queued != null && queued.ts == ts && queued.queued) {
      abandon(queued);
      String text =
          "No free upgrade slot in cell "
              + queued.cell
              + " within "
              + fmt(ts.task.timeouts().online());
      put(ts, outcome(ts, counted, DeviceStatus.FAILED, Stage.READ_RADIO, text));
      return;
    }
    String text = "Device did not come online within " + fmt(ts.task.timeouts().online());
    put(ts, outcome(ts, counted, DeviceStatus.FAILED, Stage.ONLINE, text));
  }

  private void closeWindow(TaskState ts) {
    ts.windowClosed = true;
    if (!isLive(ts)) {
      return;
    }
    List<DeviceRun> changed = new ArrayList<>();
    Instant now = scheduler.now();
    for (DeviceRun r : List.copyOf(ts.runs.values())) {
      if (r.status() != DeviceStatus.WAITING) {
        continue;
      }
      Attempt queued = active.get(r.imei());
      if (queued != null && queued.ts == ts) {
        abandon(queued);
      }
      changed.add(
          r.with(
                  DeviceStatus.FAILED,
                  null,
                  "The custom execution window ended before the device was upgraded")
              .with(
                  r.attempts(),
                  r.attemptLimit(),
                  Stage.ONLINE,
                  r.started(),
                  now,
                  null,
                  r.cellId()));
    }
    if (!changed.isEmpty()) {
      store.saveRuns(changed);
      changed.forEach(r -> replace(ts, r));
      changed.forEach(this::reportDevice);
      reportTask(ts);
    }
    retireIfFinished(ts);
  }

  // ---------------------------------------------------------------------- write, then report

  private void put(TaskState ts, DeviceRun r) {
    store.saveRuns(List.of(r));
    replace(ts, r);
    reportDevice(r);
    reportTask(ts);
    if (r.status().terminal()) {
      retireIfFinished(ts);
    }
  }

  private void retireIfFinished(TaskState ts) {
    TaskCounters c = ts.counters();
    if (c.waiting() + c.running() == 0 && tasks.get(ts.task.id()) == ts) {
      ts.taskTimers.forEach(Scheduler.Cancellable::cancel);
      cancelWaits(ts);
      tasks.remove(ts.task.id());
      LOG.info("task {} finished: {}", ts.task.id(), c.status(false));
    }
  }

  private void reportDevice(DeviceRun r) {
    for (CampaignListener l : listeners) {
      try {
        l.onDevice(r);
      } catch (RuntimeException e) {
        LOG.warn("listener failed on device {}", r.imei(), e);
      }
    }
  }

  private void reportTask(TaskState ts) {
    TaskCounters c = ts.counters();
    for (CampaignListener l : listeners) {
      try {
        l.onTask(ts.task.id(), c.status(ts.task.stopped() != null), c);
      } catch (RuntimeException e) {
        LOG.warn("listener failed on task {}", ts.task.id(), e);
      }
    }
  }

  // ------------------------------------------------------------------------------- wording

  private static String running(Stage s) {
    switch (s) {
      case DOWNLOAD:
        return "Running: the device is downloading the package";
      case UPDATE:
        return "Running: the device is applying the update";
      default:
        return "Running: " + what(s);
    }
  }

  private static String what(Stage s) {
    switch (s) {
      case READ_VERSION:
        return "reading the firmware version /3/0/3";
      case READ_RADIO:
        return "reading the radio coverage /4/0";
      case OBSERVE:
        return "observing the firmware state /5/0/3";
      case WRITE_URI:
        return "writing the package URI /5/0/1";
      case EXECUTE:
        return "executing the update /5/0/2";
      case READ_RESULT:
        return "reading the update result /5/0/5";
      case CANCEL_OBSERVATION:
        return "cancelling the /5/0/3 observation";
      case DOWNLOAD:
        return "the download";
      case UPDATE:
        return "the update";
      default:
        return "waiting for the device to come online";
    }
  }

  private static String failureText(Stage stage, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String what = what(stage);
    String head = Character.toUpperCase(what.charAt(0)) + what.substring(1);
    if (stage == Stage.READ_RADIO) {
      return "Coverage unknown: " + what + " failed (" + cause.getMessage() + ")";
    }
    if (cause instanceof FotaOperationException fe) {
      switch (fe.failure()) {
        case TIMEOUT:
          return "Timeout: " + what + " (" + fe.getMessage() + ")";
        case UNREACHABLE:
          return head + " failed: device unreachable (" + fe.getMessage() + ")";
        case REJECTED:
          return head + " failed: device rejected it (" + fe.getMessage() + ")";
        default:
          return head + " failed: cancelled (" + fe.getMessage() + ")";
      }
    }
    return head + " failed: " + cause;
  }

  static String fmt(Duration d) {
    if (d.toSeconds() % 60 == 0 && d.toMinutes() <= 120) {
      return d.toMinutes() + " min";
    }
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + " h";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }

  private static String newTaskId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
