package io.dfota.platform;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaFleet;
import io.dfota.core.FotaOperationException;
import io.dfota.core.FotaTarget;
import io.dfota.core.PackageContent;
import io.dfota.core.RadioReport;
import io.dfota.core.Scheduler;
import io.dfota.core.UpdateResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A scripted fleet of LwM2M modules for engine tests: each device follows protocol-notes §3.2 on
 * the given scheduler (DOWNLOADING, DOWNLOADED, UPDATING, then IDLE or back to DOWNLOADED), with
 * faults to inject per device. It records the largest number of devices observed at once per cell.
 */
final class FakeFleet implements FotaFleet {

  /** Where a device stops answering. */
  enum Op {
    READ_VERSION,
    READ_RADIO,
    OBSERVE,
    WRITE_URI,
    EXECUTE,
    READ_RESULT,
    CANCEL
  }

  /** What the device does with the package. */
  enum Behaviour {
    SUCCEED,
    DOWNLOAD_FAILS,
    UPDATE_FAILS,
    UPDATE_FAILS_TO_IDLE,
    NEVER_DOWNLOADS,
    NEVER_FINISHES
  }

  final Scheduler scheduler;
  final Map<String, Dev> devices = new LinkedHashMap<>();
  final List<FleetListener> listeners = new ArrayList<>();
  final Set<String> allowed = new HashSet<>();
  final Map<Long, Integer> observingPerCell = new HashMap<>();
  final Map<Long, Integer> maxObservingPerCell = new HashMap<>();
  final Map<String, PackageContent> published = new HashMap<>();

  FakeFleet(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  Dev add(String imei, String version) {
    Dev d = new Dev(imei, version);
    devices.put(imei, d);
    return d;
  }

  void awake(String imei) {
    for (FleetListener l : List.copyOf(listeners)) {
      l.onAwake(imei, AwakeReason.UPLINK);
    }
  }

  /** The device registers again (after a reboot). */
  void reRegister(String imei) {
    for (FleetListener l : List.copyOf(listeners)) {
      l.onAwake(imei, AwakeReason.REGISTERED);
    }
  }

  @Override
  public Optional<FotaTarget> target(String endpoint) {
    Dev d = devices.get(endpoint);
    return d != null && d.registered ? Optional.of(d) : Optional.empty();
  }

  @Override
  public void addListener(FleetListener listener) {
    listeners.add(listener);
  }

  @Override
  public String publish(PackageContent content) {
    published.put(content.id(), content);
    return "coap://127.0.0.1:5683/fw/" + content.id();
  }

  @Override
  public void allowDownload(String endpoint, String packageId) {
    allowed.add(endpoint + "/" + packageId);
  }

  @Override
  public void revokeDownload(String endpoint, String packageId) {
    allowed.remove(endpoint + "/" + packageId);
  }

  int maxObserving(long cell) {
    return maxObservingPerCell.getOrDefault(cell, 0);
  }

  /** One scripted module. */
  final class Dev implements FotaTarget {
    final String imei;
    String version;
    boolean registered = true;
    RadioReport radio = new RadioReport(1L, -90, 10);
    @Nullable String targetVersion;
    Behaviour behaviour = Behaviour.SUCCEED;
    int failures = Integer.MAX_VALUE;
    final EnumSet<Op> silent = EnumSet.noneOf(Op.class);
    @Nullable Op failing;
    Duration downloadTime = Duration.ofMinutes(10);
    Duration updateTime = Duration.ofMinutes(5);
    FirmwareState state = FirmwareState.IDLE;
    UpdateResult result = UpdateResult.INITIAL;
    @Nullable Consumer<FirmwareState> observer;
    @Nullable Long observedCell;
    final Map<Op, Integer> calls = new HashMap<>();
    final List<Runnable> held = new ArrayList<>();
    String lastUri = "";

    /** The update's final notification is lost in the reboot; the device then registers again. */
    boolean rebootLosesFinalNotification;

    Dev(String imei, String version) {
      this.imei = imei;
      this.version = version;
    }

    private <T> CompletableFuture<T> answer(Op op, T value) {
      calls.merge(op, 1, Integer::sum);
      if (silent.contains(op)) {
        CompletableFuture<T> f = new CompletableFuture<>();
        held.add(() -> f.complete(value));
        return f;
      }
      if (failing == op) {
        return CompletableFuture.failedFuture(
            new FotaOperationException(FotaOperationException.Failure.REJECTED, "4.05"));
      }
      return CompletableFuture.completedFuture(value);
    }

    private Duration early(Duration total) {
      Duration half = total.dividedBy(2);
      return half.compareTo(Duration.ofSeconds(1)) < 0 ? half : Duration.ofSeconds(1);
    }

    int calls(Op op) {
      return calls.getOrDefault(op, 0);
    }

    private void finalState(FirmwareState s) {
      if (rebootLosesFinalNotification) {
        state = s;
        reRegister(imei);
      } else {
        notifyState(s);
      }
    }

    private void notifyState(FirmwareState s) {
      state = s;
      Consumer<FirmwareState> o = observer;
      if (o != null) {
        o.accept(s);
      }
    }

    @Override
    public String endpoint() {
      return imei;
    }

    @Override
    public CompletableFuture<String> readFirmwareVersion() {
      return answer(Op.READ_VERSION, version);
    }

    @Override
    public CompletableFuture<RadioReport> readRadio() {
      return answer(Op.READ_RADIO, radio);
    }

    @Override
    public CompletableFuture<FirmwareState> observeState(Consumer<FirmwareState> onNotify) {
      CompletableFuture<FirmwareState> f = answer(Op.OBSERVE, state);
      if (!silent.contains(Op.OBSERVE) && failing != Op.OBSERVE) {
        if (observer == null) {
          observedCell = radio.cellId();
          if (observedCell != null) {
            int n = observingPerCell.merge(observedCell, 1, Integer::sum);
            maxObservingPerCell.merge(observedCell, n, Math::max);
          }
        }
        observer = onNotify;
      }
      return f;
    }

    @Override
    public CompletableFuture<Void> writePackageUri(String uri) {
      CompletableFuture<Void> f = answer(Op.WRITE_URI, null);
      if (f.isDone() && !f.isCompletedExceptionally()) {
        lastUri = uri;
        result = UpdateResult.INITIAL;
        boolean fails = behaviour == Behaviour.DOWNLOAD_FAILS && failures-- > 0;
        scheduler.schedule(early(downloadTime), () -> notifyState(FirmwareState.DOWNLOADING));
        if (behaviour != Behaviour.NEVER_DOWNLOADS) {
          scheduler.schedule(
              downloadTime,
              () -> {
                if (fails) {
                  result = UpdateResult.CONNECTION_LOST;
                  notifyState(FirmwareState.IDLE);
                } else {
                  notifyState(FirmwareState.DOWNLOADED);
                }
              });
        }
      }
      return f;
    }

    @Override
    public CompletableFuture<Void> executeUpdate() {
      CompletableFuture<Void> f = answer(Op.EXECUTE, null);
      if (f.isDone() && !f.isCompletedExceptionally()) {
        boolean fails =
            (behaviour == Behaviour.UPDATE_FAILS || behaviour == Behaviour.UPDATE_FAILS_TO_IDLE)
                && failures-- > 0;
        scheduler.schedule(early(updateTime), () -> notifyState(FirmwareState.UPDATING));
        if (behaviour != Behaviour.NEVER_FINISHES) {
          scheduler.schedule(
              updateTime,
              () -> {
                if (fails && behaviour == Behaviour.UPDATE_FAILS) {
                  result = UpdateResult.UPDATE_FAILED;
                  finalState(FirmwareState.DOWNLOADED);
                } else if (fails) {
                  result = UpdateResult.INTEGRITY_FAILURE;
                  finalState(FirmwareState.IDLE);
                } else {
                  result = UpdateResult.SUCCESS;
                  if (targetVersion != null) {
                    version = targetVersion;
                  }
                  finalState(FirmwareState.IDLE);
                }
              });
        }
      }
      return f;
    }

    @Override
    public CompletableFuture<UpdateResult> readUpdateResult() {
      return answer(Op.READ_RESULT, result);
    }

    @Override
    public CompletableFuture<Void> cancelObservation() {
      CompletableFuture<Void> f = answer(Op.CANCEL, null);
      if (observer != null) {
        observer = null;
        if (observedCell != null) {
          observingPerCell.merge(observedCell, -1, Integer::sum);
        }
      }
      return f;
    }
  }
}
