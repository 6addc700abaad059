package io.dfota.cli;

import io.dfota.platform.CampaignListener;
import io.dfota.platform.DeviceRun;
import io.dfota.platform.DeviceStatus;
import io.dfota.platform.Stage;
import io.dfota.platform.TaskCounters;
import io.dfota.platform.TaskStatus;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Follows one upgrade task for the terminal: a one-line progress bar (me.tongfei:progressbar) with
 * completed / total devices, and the running devices per stage of the platform's flow
 * (protocol-notes §4.2) as the extra message; completes {@link #finished()} when the task status is
 * final.
 */
final class TaskProgress implements CampaignListener, AutoCloseable {

  private final PrintWriter out;
  private final int total;
  private final Map<UUID, DeviceRun> rows = new ConcurrentHashMap<>();
  private final CompletableFuture<TaskStatus> finished = new CompletableFuture<>();
  private volatile @Nullable String taskId;
  private @Nullable ProgressBar bar;

  TaskProgress(PrintWriter out, int total) {
    this.out = out;
    this.total = total;
  }

  /** Shows the bar; events before the task id is known are ignored. */
  synchronized void follow(String id) {
    this.taskId = id;
    bar =
        new ProgressBarBuilder()
            .setTaskName("DFOTA")
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .setUnit(" devices", 1)
            .hideEta()
            .setConsumer(
                new DelegatingProgressBarConsumer(
                    line -> {
                      out.print('\r');
                      out.print(line);
                      out.flush();
                    },
                    100))
            .build();
    bar.setExtraMessage("waiting for uplinks");
  }

  CompletableFuture<TaskStatus> finished() {
    return finished;
  }

  @Override
  public void onDevice(DeviceRun run) {
    if (run.taskId().equals(taskId)) {
      rows.put(run.deviceId(), run);
      update();
    }
  }

  @Override
  public void onTask(String id, TaskStatus status, TaskCounters counters) {
    if (id.equals(taskId)) {
      synchronized (this) {
        if (bar != null) {
          bar.stepTo(counters.completed());
        }
      }
      update();
      if (status.finished()) {
        finished.complete(status);
      }
    }
  }

  private synchronized void update() {
    if (bar == null) {
      return;
    }
    Map<Stage, Integer> stages = new EnumMap<>(Stage.class);
    int ok = 0;
    int failed = 0;
    for (DeviceRun r : rows.values()) {
      if (r.status() == DeviceStatus.SUCCESS) {
        ok++;
      } else if (r.status() == DeviceStatus.FAILED) {
        failed++;
      } else if (r.status() == DeviceStatus.RUNNING && r.stage() != null) {
        stages.merge(r.stage(), 1, Integer::sum);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("ok ").append(ok).append(", failed ").append(failed);
    stages.forEach(
        (stage, n) ->
            sb.append(", ")
                .append(stage.name().toLowerCase(java.util.Locale.ROOT))
                .append(' ')
                .append(n));
    bar.setExtraMessage(sb.toString());
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
      out.println();
      out.flush();
    }
  }
}
