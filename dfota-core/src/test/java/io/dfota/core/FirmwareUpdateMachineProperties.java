package io.dfota.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The Object 5 machine against an independent model written straight from protocol-notes §3.2/§3.3.
 */
class FirmwareUpdateMachineProperties {

  /** The model's view of Object 5: state, result and package URI. */
  private record Model(FirmwareState state, UpdateResult result, String uri) {}

  private static final Model START = new Model(FirmwareState.IDLE, UpdateResult.INITIAL, "");

  /** The spec, one case per row of protocol-notes §3.2; null means "illegal here". */
  private static Model step(Model m, FirmwareEvent e) {
    FirmwareState s = m.state();
    if (e instanceof FirmwareEvent.PackageUriWritten w) {
      if (w.uri().isEmpty()) { // T8: reset, from anything but UPDATING
        return s == FirmwareState.UPDATING ? null : START;
      }
      if (s != FirmwareState.IDLE || w.uri().length() > 255) {
        return null;
      }
      return new Model(FirmwareState.DOWNLOADING, UpdateResult.INITIAL, w.uri()); // T1
    }
    if (e instanceof FirmwareEvent.PackageWritten p) {
      if (p.isNull()) {
        return s == FirmwareState.UPDATING ? null : START; // T8
      }
      return s == FirmwareState.IDLE
          ? new Model(FirmwareState.DOWNLOADING, UpdateResult.INITIAL, "")
          : null;
    }
    if (e instanceof FirmwareEvent.DownloadCompleted) { // T2: result stays
      return s == FirmwareState.DOWNLOADING
          ? new Model(FirmwareState.DOWNLOADED, m.result(), m.uri())
          : null;
    }
    if (e instanceof FirmwareEvent.DownloadFailed f) { // T3: 2..9
      int c = f.reason().code();
      return s == FirmwareState.DOWNLOADING && c >= 2 && c <= 9
          ? new Model(FirmwareState.IDLE, f.reason(), m.uri())
          : null;
    }
    if (e instanceof FirmwareEvent.UpdateExecuted) { // T4: result 0
      return s == FirmwareState.DOWNLOADED
          ? new Model(FirmwareState.UPDATING, UpdateResult.INITIAL, m.uri())
          : null;
    }
    if (e instanceof FirmwareEvent.UpdateSucceeded) { // T5: result 1
      return s == FirmwareState.UPDATING
          ? new Model(FirmwareState.IDLE, UpdateResult.SUCCESS, m.uri())
          : null;
    }
    if (e instanceof FirmwareEvent.UpdateFailed f) {
      int c = f.reason().code();
      if (s != FirmwareState.UPDATING) {
        return null;
      }
      if (f.packageKept()) { // T6: 8, or 2/3
        return c == 8 || c == 2 || c == 3
            ? new Model(FirmwareState.DOWNLOADED, f.reason(), m.uri())
            : null;
      }
      return c == 5 || c == 8 ? new Model(FirmwareState.IDLE, f.reason(), m.uri()) : null; // T7
    }
    if (e instanceof FirmwareEvent.Cancel) { // T9
      return s == FirmwareState.DOWNLOADING || s == FirmwareState.DOWNLOADED
          ? new Model(FirmwareState.IDLE, UpdateResult.CANCELLED, "")
          : null;
    }
    if (e instanceof FirmwareEvent.Defer) { // T10
      return s == FirmwareState.DOWNLOADED
          ? new Model(FirmwareState.DOWNLOADED, UpdateResult.DEFERRED, m.uri())
          : null;
    }
    if (e instanceof FirmwareEvent.Rebooted r) { // T11: result unchanged
      return new Model(
          r.validPackageStored() ? FirmwareState.DOWNLOADED : FirmwareState.IDLE,
          m.result(),
          m.uri());
    }
    throw new AssertionError("unmodelled event " + e);
  }

  @Property(tries = 400)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void machineAgreesWithTheSpecModelOnEveryEvent(
      @ForAll("eventSequences") List<FirmwareEvent> events) {
    FirmwareUpdateMachine machine =
        FirmwareUpdateMachine.builder().clock(new VirtualScheduler().clock()).build();
    Model model = START;
    Set<FirmwareState> visited = EnumSet.of(FirmwareState.IDLE);
    for (FirmwareEvent e : events) {
      FirmwareStatus before = machine.status();
      Model expected = step(model, e);
      Transition t = machine.apply(e);
      if (expected == null) {
        assertEquals(false, t.accepted(), () -> "accepted illegal " + e + " in " + before);
        assertEquals(before, machine.status(), "a rejection must not change the status");
        assertEquals(before, t.status());
        Statistics.collect("rejected");
      } else {
        assertEquals(true, t.accepted(), () -> "rejected legal " + e + " in " + before + ": " + t);
        model = expected;
        Statistics.collect("accepted");
      }
      FirmwareStatus now = machine.status();
      assertEquals(model.state(), now.state(), () -> "state after " + e);
      assertEquals(model.result(), now.result(), () -> "result after " + e);
      assertEquals(model.uri(), now.packageUri(), () -> "uri after " + e);
      visited.add(now.state());
    }
    for (FirmwareState s : visited) {
      Statistics.label("visited").collect(s);
    }
  }

  @Property(tries = 300)
  void everyReachableStateIsReachedAndEveryResultIsOneTheSpecAllows(
      @ForAll("eventSequences") List<FirmwareEvent> events) {
    FirmwareUpdateMachine machine = FirmwareUpdateMachine.builder().build();
    for (FirmwareEvent e : events) {
      Transition t = machine.apply(e);
      FirmwareStatus s = t.status();
      Statistics.label("state").collect(s.state());
      // Results allowed per state (protocol-notes §3.3): DOWNLOADING and UPDATING always start at
      // 0;
      // DOWNLOADED is entered with 0 (T2), 2/3/8 (T6) or 11 (T10); a reboot (T11) keeps any result.
      if (s.state() == FirmwareState.DOWNLOADING || s.state() == FirmwareState.UPDATING) {
        assertEquals(UpdateResult.INITIAL, s.result());
      }
      if (t instanceof Transition.Accepted a
          && !a.rule().equals("T11")
          && s.state() == FirmwareState.DOWNLOADED) {
        assertEquals(
            true,
            EnumSet.of(
                    UpdateResult.INITIAL,
                    UpdateResult.NOT_ENOUGH_FLASH,
                    UpdateResult.OUT_OF_RAM,
                    UpdateResult.UPDATE_FAILED,
                    UpdateResult.DEFERRED)
                .contains(s.result()),
            () -> "DOWNLOADED with result " + s.result() + " via " + a.rule());
      }
      if (t instanceof Transition.Accepted a && a.rule().equals("T5")) {
        assertEquals(UpdateResult.SUCCESS, s.result());
      }
    }
    Statistics.label("state")
        .coverage(
            c -> {
              for (FirmwareState st : FirmwareState.values()) {
                c.check(st).count(n -> n > 0);
              }
            });
  }

  @Provide
  Arbitrary<List<FirmwareEvent>> eventSequences() {
    return event().list().ofMinSize(1).ofMaxSize(40);
  }

  private static Arbitrary<FirmwareEvent> event() {
    Arbitrary<UpdateResult> anyResult = Arbitraries.of(UpdateResult.class);
    Arbitrary<String> uri =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
            net.jqwik.api.Tuple.of(
                6,
                Arbitraries.strings()
                    .alpha()
                    .ofMinLength(1)
                    .ofMaxLength(20)
                    .map(p -> "coap://127.0.0.1/" + p)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.strings().alpha().ofMinLength(240).ofMaxLength(260)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, uri.map(FirmwareEvent.PackageUriWritten::new)),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.of(true, false).map(FirmwareEvent.PackageWritten::new)),
        net.jqwik.api.Tuple.of(6, Arbitraries.just(new FirmwareEvent.DownloadCompleted())),
        net.jqwik.api.Tuple.of(3, anyResult.map(FirmwareEvent.DownloadFailed::new)),
        net.jqwik.api.Tuple.of(6, Arbitraries.just(new FirmwareEvent.UpdateExecuted())),
        net.jqwik.api.Tuple.of(3, Arbitraries.just(new FirmwareEvent.UpdateSucceeded())),
        net.jqwik.api.Tuple.of(
            3,
            Combinators.combine(anyResult, Arbitraries.of(true, false))
                .as(FirmwareEvent.UpdateFailed::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new FirmwareEvent.Cancel())),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new FirmwareEvent.Defer())),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(FirmwareEvent.Rebooted::new)));
  }
}
