package io.dfota.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The guard against the rules of seed §4.2 Tables 1 and 2, on virtual time. */
class DfotaGuardProperties {

  /** One step of the MCU's world. */
  sealed interface Step {}

  record Urc(FirmwareIndication indication) implements Step {}

  record Reboot() implements Step {}

  record Rrc(RrcMode mode) implements Step {}

  record Wait(Duration duration) implements Step {}

  /**
   * The spec model: protected iff an in-progress URC (DOWNLOADING, or DOWNLOADED/UPDATING seen
   * while normal) came without a later OVER or a completed watchdog path.
   */
  private static final class Model {
    final Duration window = DfotaGuard.SEED_WINDOW;
    boolean prot;
    boolean recovery;
    FirmwareIndication last;
    long deadlineNanos;
    long nowNanos;
    RrcMode rrc;
    int restarts;

    void apply(Step s) {
      if (s instanceof Urc u) {
        FirmwareIndication i = u.indication();
        last = i;
        if (i == FirmwareIndication.DOWNLOADING || (!prot && i.inProgress())) {
          prot = true;
          recovery = false;
          deadlineNanos = nowNanos + window.toNanos();
        } else if (i == FirmwareIndication.UPDATE_OVER) {
          prot = false;
          recovery = false;
        }
      } else if (s instanceof Reboot) {
        rrc = null;
      } else if (s instanceof Rrc r) {
        rrc = r.mode();
      } else if (s instanceof Wait w) {
        long target = nowNanos + w.duration().toNanos();
        while (prot && deadlineNanos <= target) {
          nowNanos = deadlineNanos;
          if (!recovery && last.inProgress()) {
            recovery = true;
            restarts++;
            deadlineNanos = nowNanos + window.toNanos();
          } else {
            prot = false;
            recovery = false;
          }
        }
        nowNanos = target;
      }
    }
  }

  @Property(tries = 500)
  void protectedExactlyWhenTheSpecSaysAndPowerOffNeverWhileProtected(
      @ForAll("steps") List<Step> steps) {
    VirtualScheduler time = new VirtualScheduler();
    int[] restarts = {0};
    DfotaGuard guard =
        DfotaGuard.builder()
            .scheduler(time)
            .listener(
                new DfotaGuard.Listener() {
                  @Override
                  public void onRestartRequested(GuardStatus status) {
                    restarts[0]++;
                  }
                })
            .build();
    Model model = new Model();
    for (Step s : steps) {
      model.apply(s);
      if (s instanceof Urc u) {
        guard.onFirmwareIndication(u.indication());
      } else if (s instanceof Reboot) {
        guard.onModuleRebooted();
      } else if (s instanceof Rrc r) {
        guard.onRrcReport(r.mode());
      } else if (s instanceof Wait w) {
        time.advance(w.duration());
      }
      assertEquals(model.prot, guard.isProtected(), () -> "protected after " + s);
      assertEquals(model.restarts, restarts[0], () -> "restarts after " + s);
      boolean powerOff = guard.check(GuardOperation.POWER_OFF).allowed();
      assertEquals(
          !model.prot && model.rrc == RrcMode.IDLE, powerOff, () -> "power-off after " + s);
      if (guard.isProtected()) {
        for (GuardOperation op : GuardOperation.values()) {
          assertFalse(guard.check(op).allowed(), () -> op + " allowed while protected");
        }
      }
    }
  }

  @Property(tries = 200)
  void watchdogFiresAtTheWindowAndNotATickBefore(
      @ForAll @LongRange(min = 1, max = 7_200_000_000_000L) long windowNanos,
      @ForAll @IntRange(min = 0, max = 2) int progressUrcs) {
    VirtualScheduler time = new VirtualScheduler();
    int[] restarts = {0};
    DfotaGuard guard =
        DfotaGuard.builder()
            .scheduler(time)
            .watchdogWindow(Duration.ofNanos(windowNanos))
            .listener(
                new DfotaGuard.Listener() {
                  @Override
                  public void onRestartRequested(GuardStatus status) {
                    restarts[0]++;
                  }
                })
            .build();
    guard.onFirmwareIndication(FirmwareIndication.DOWNLOADING);
    List<FirmwareIndication> later =
        List.of(FirmwareIndication.DOWNLOADED, FirmwareIndication.UPDATING);
    for (int i = 0; i < progressUrcs; i++) {
      guard.onFirmwareIndication(later.get(i));
    }
    time.advance(Duration.ofNanos(windowNanos - 1));
    assertEquals(0, restarts[0], "fired a tick early");
    assertEquals(GuardStatus.Phase.WATCHDOG, guard.status().phase());
    time.advance(Duration.ofNanos(1));
    assertEquals(1, restarts[0], "did not fire at the window");
    assertEquals(GuardStatus.Phase.RECOVERY, guard.status().phase());
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> urc = Arbitraries.of(FirmwareIndication.class).map(Urc::new);
    Arbitrary<Step> wait =
        Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 10 * 60)),
                Tuple.of(2, Arbitraries.longs().between(34 * 60, 36 * 60)),
                Tuple.of(1, Arbitraries.longs().between(60 * 60, 3 * 60 * 60)))
            .map(s -> new Wait(Duration.ofSeconds(s)));
    return Arbitraries.frequencyOf(
            Tuple.of(6, urc),
            Tuple.of(1, Arbitraries.just((Step) new Reboot())),
            Tuple.of(2, Arbitraries.of(RrcMode.class).map(m -> (Step) new Rrc(m))),
            Tuple.of(4, wait))
        .list()
        .ofMaxSize(40);
  }
}
