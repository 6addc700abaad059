package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.RadioReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Under random interleavings of wake-ups, device results, faults and timeouts, the task counters
 * always add up, the success rate is success / total, no device is counted twice, and no cell ever
 * runs more devices than its cap.
 */
class CampaignEngineProperties {

  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("dfota-platform-props");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  record DeviceScript(
      FakeFleet.Behaviour behaviour,
      int failures,
      boolean registered,
      boolean atTarget,
      int cell,
      int rsrp,
      FakeFleet.@org.jspecify.annotations.Nullable Op silent,
      int downloadMinutes) {}

  /** One step of the interleaving. */
  record Step(int kind, int device, int minutes) {}

  @Provide
  Arbitrary<DeviceScript> device() {
    return Combinators.combine(
            Arbitraries.of(FakeFleet.Behaviour.class),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(true, true, false),
            Arbitraries.of(false, false, false, true),
            Arbitraries.integers().between(0, 2),
            Arbitraries.of(-90, -110, -120, -130),
            Arbitraries.of(FakeFleet.Op.class).injectNull(0.8),
            Arbitraries.integers().between(1, 90))
        .as(DeviceScript::new);
  }

  @Provide
  Arbitrary<Step> step() {
    // 0: awake, 1: register + awake, 2: advance time, 3: stop, 4: retry failed
    return Combinators.combine(
            Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(2)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(4))),
            Arbitraries.integers().between(0, 11),
            Arbitraries.integers().between(0, 200))
        .as(Step::new);
  }

  @Property(tries = 150)
  void countersAlwaysAddUpAndNoDeviceIsCountedTwice(
      @ForAll @Size(min = 1, max = 12) List<@net.jqwik.api.From("device") DeviceScript> scripts,
      @ForAll @Size(max = 40) List<@net.jqwik.api.From("step") Step> steps,
      @ForAll @IntRange(min = 0, max = 3) int retries,
      @ForAll @IntRange(min = 0, max = 45) int retryMinutes,
      @ForAll boolean onlineOnly) {
    Harness h = new Harness(DIR);
    List<Device> ds = h.devices(scripts.size());
    for (int i = 0; i < scripts.size(); i++) {
      DeviceScript s = scripts.get(i);
      FakeFleet.Dev d = h.dev(ds.get(i));
      d.behaviour = s.behaviour();
      d.failures = s.failures();
      d.registered = s.registered();
      if (s.atTarget()) {
        d.version = Harness.NEW;
      }
      d.radio = new RadioReport((long) s.cell(), s.rsrp(), 0);
      if (s.silent() != null) {
        d.silent.add(s.silent());
      }
      d.downloadTime = Duration.ofMinutes(s.downloadMinutes());
    }
    Map<UUID, Integer> successReports = new HashMap<>();
    TaskCounters[] lastReported = new TaskCounters[1];
    h.engine.addListener(
        new CampaignListener() {
          @Override
          public void onDevice(DeviceRun run) {
            if (run.status() == DeviceStatus.SUCCESS) {
              successReports.merge(run.deviceId(), 1, Integer::sum);
            }
          }

          @Override
          public void onTask(String taskId, TaskStatus status, TaskCounters counters) {
            lastReported[0] = counters;
          }
        });
    RetryPolicy retry =
        retries == 0
            ? RetryPolicy.none()
            : RetryPolicy.custom(retries, Duration.ofMinutes(retryMinutes));
    UpgradeTask t =
        h.create(
            h.request(ds)
                .retry(retry)
                .execute(onlineOnly ? ExecutePolicy.deviceOnline() : ExecutePolicy.now()));
    Set<UUID> succeeded = new HashSet<>();
    for (Step st : steps) {
      Device d = ds.get(st.device() % ds.size());
      switch (st.kind()) {
        case 0:
          h.fleet.awake(d.imei());
          break;
        case 1:
          h.dev(d).registered = true;
          h.fleet.awake(d.imei());
          break;
        case 2:
          h.scheduler.advance(Duration.ofMinutes(st.minutes()));
          break;
        case 3:
          h.engine.stopTask(t.id());
          break;
        default:
          h.engine.retryFailed(t.id());
          break;
      }
      check(h, t, ds, succeeded, successReports, lastReported[0]);
    }
    h.scheduler.advance(Duration.ofDays(6)); // 4 attempts of 24 h online + intervals at most
    TaskDetails end = check(h, t, ds, succeeded, successReports, lastReported[0]);
    assertEquals(0, end.counters().waiting() + end.counters().running(), end.toString());
  }

  private static TaskDetails check(
      Harness h,
      UpgradeTask t,
      List<Device> ds,
      Set<UUID> succeeded,
      Map<UUID, Integer> successReports,
      TaskCounters lastReported) {
    TaskDetails d = h.details(t);
    TaskCounters c = d.counters();
    assertEquals(ds.size(), c.total());
    assertEquals(ds.size(), d.devices().size());
    assertEquals(ds.size(), d.devices().stream().map(DeviceRun::deviceId).distinct().count());
    int[] byStatus = new int[DeviceStatus.values().length];
    for (DeviceRun r : d.devices()) {
      byStatus[r.status().ordinal()]++;
      assertTrue(r.attempts() <= r.attemptLimit(), r.toString());
      if (succeeded.contains(r.deviceId())) {
        assertEquals(DeviceStatus.SUCCESS, r.status(), "a success never changes: " + r);
      }
      if (r.status() == DeviceStatus.SUCCESS) {
        succeeded.add(r.deviceId());
      }
    }
    assertEquals(byStatus[DeviceStatus.WAITING.ordinal()], c.waiting());
    assertEquals(byStatus[DeviceStatus.RUNNING.ordinal()], c.running());
    assertEquals(byStatus[DeviceStatus.SUCCESS.ordinal()], c.success());
    assertEquals(byStatus[DeviceStatus.FAILED.ordinal()], c.failed());
    assertEquals(byStatus[DeviceStatus.STOPPED.ordinal()], c.stopped());
    assertEquals(c.total(), c.waiting() + c.running() + c.success() + c.failed() + c.stopped());
    assertEquals((double) c.success() / c.total(), d.successRate());
    assertEquals(c, lastReported, "the last reported counters are the stored ones");
    assertEquals(c, TaskCounters.of(h.store.runs(t.id())), "the store holds what is shown");
    successReports.forEach((id, n) -> assertEquals(1, n, "success reported twice for " + id));
    for (long cell = 0; cell <= 2; cell++) {
      assertTrue(h.fleet.maxObserving(cell) <= 50, "cell " + cell);
    }
    return d;
  }

  @Property(tries = 50)
  void neverMoreDevicesRunInACellThanItsCap(
      @ForAll @IntRange(min = 1, max = 40) int devices,
      @ForAll("levels") int rsrp,
      @ForAll @IntRange(min = 1, max = 90) int downloadMinutes) {
    Harness h = new Harness(DIR);
    List<Device> ds = h.devices(devices);
    for (Device d : ds) {
      h.dev(d).radio = new RadioReport(5L, rsrp == 0 ? null : rsrp, null);
      h.dev(d).downloadTime = Duration.ofMinutes(downloadMinutes);
    }
    UpgradeTask t = h.create(h.request(ds));
    h.scheduler.advance(Duration.ofDays(2));
    int cap = rsrp == 0 ? 10 : rsrp >= -105 ? 50 : rsrp >= -115 ? 10 : 1;
    assertTrue(h.fleet.maxObserving(5L) <= cap, h.fleet.maxObserving(5L) + " > " + cap);
    assertEquals(Math.min(cap, devices), h.fleet.maxObserving(5L));
    TaskCounters c = h.details(t).counters();
    assertEquals(devices, c.success() + c.failed());
  }

  @Provide
  Arbitrary<Integer> levels() {
    return Arbitraries.of(0, -90, -110, -120, -130);
  }
}
