package io.dfota.core;

import io.dfota.core.FirmwareEvent.Kind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The client-side state machine of the LwM2M Firmware Update object (Object 5), transitions T1 to
 * T11 of protocol-notes §3.2, as one explicit transition table.
 *
 * <p>The seed's transitions hold exactly: a download failure goes DOWNLOADING→IDLE (T3), a failed
 * integrity check →IDLE with result 5 (T3), a successful update UPDATING→IDLE with result 1 (T5),
 * and a failed update UPDATING→DOWNLOADED (T6). Update Result is reset to 0 at the start of every
 * download (T1) and every update (T4), and on reset (T8). An event that the table has no entry for
 * is returned as a {@link Transition.Rejected} with a reason, and the state is left unchanged.
 *
 * <p>Thread-safe. Listeners run on the thread that applied the event, while the machine's lock is
 * held, in the order of the transitions; they must not block.
 */
public final class FirmwareUpdateMachine {

  /** Receives every accepted transition. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after an accepted transition.
     *
     * @param transition the transition, with the new status
     */
    void onTransition(Transition.Accepted transition);
  }

  /** What an accepted event does: the rule id, the target state and how the result changes. */
  private record Rule(String id, FirmwareState target, ResultChange result, PackageChange pkg) {}

  private enum ResultChange {
    RESET_TO_INITIAL,
    KEEP,
    FROM_EVENT,
    SUCCESS,
    CANCELLED,
    DEFERRED
  }

  private enum PackageChange {
    SET_FROM_EVENT,
    CLEAR,
    KEEP
  }

  /** The transition table: event kind → (from state → rule). A missing entry is a rejection. */
  private static final Map<Kind, Map<FirmwareState, Rule>> TABLE = buildTable();

  /** Result codes allowed with each failure kind (protocol-notes §3.2, §3.3). */
  private static final Map<Kind, Set<UpdateResult>> ALLOWED_REASONS =
      Map.of(
          Kind.DOWNLOAD_FAILED,
          EnumSet.range(UpdateResult.NOT_ENOUGH_FLASH, UpdateResult.UNSUPPORTED_PROTOCOL),
          Kind.UPDATE_FAILED_PACKAGE_KEPT,
          EnumSet.of(
              UpdateResult.NOT_ENOUGH_FLASH, UpdateResult.OUT_OF_RAM, UpdateResult.UPDATE_FAILED),
          Kind.UPDATE_FAILED_PACKAGE_INVALIDATED,
          EnumSet.of(UpdateResult.INTEGRITY_FAILURE, UpdateResult.UPDATE_FAILED));

  private static Map<Kind, Map<FirmwareState, Rule>> buildTable() {
    Map<Kind, Map<FirmwareState, Rule>> t = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      t.put(k, new EnumMap<>(FirmwareState.class));
    }
    FirmwareState idle = FirmwareState.IDLE;
    FirmwareState downloading = FirmwareState.DOWNLOADING;
    FirmwareState downloaded = FirmwareState.DOWNLOADED;
    FirmwareState updating = FirmwareState.UPDATING;
    // T1: a pull (URI) or push (Package) delivery starts; result reset to 0.
    t.get(Kind.PACKAGE_URI_WRITTEN)
        .put(
            idle,
            new Rule(
                "T1", downloading, ResultChange.RESET_TO_INITIAL, PackageChange.SET_FROM_EVENT));
    t.get(Kind.PACKAGE_WRITE_STARTED)
        .put(idle, new Rule("T1", downloading, ResultChange.RESET_TO_INITIAL, PackageChange.CLEAR));
    // T8: reset by an empty URI or a NULL package, from every state but UPDATING.
    for (FirmwareState from : List.of(idle, downloading, downloaded)) {
      Rule reset = new Rule("T8", idle, ResultChange.RESET_TO_INITIAL, PackageChange.CLEAR);
      t.get(Kind.PACKAGE_URI_RESET).put(from, reset);
      t.get(Kind.PACKAGE_RESET).put(from, reset);
    }
    // T2 / T3: the download ends.
    t.get(Kind.DOWNLOAD_COMPLETED)
        .put(downloading, new Rule("T2", downloaded, ResultChange.KEEP, PackageChange.KEEP));
    t.get(Kind.DOWNLOAD_FAILED)
        .put(downloading, new Rule("T3", idle, ResultChange.FROM_EVENT, PackageChange.KEEP));
    // T4: execute Update, only in DOWNLOADED; result reset to 0.
    t.get(Kind.UPDATE_EXECUTED)
        .put(
            downloaded,
            new Rule("T4", updating, ResultChange.RESET_TO_INITIAL, PackageChange.KEEP));
    // T5 / T6 / T7: the update ends.
    t.get(Kind.UPDATE_SUCCEEDED)
        .put(updating, new Rule("T5", idle, ResultChange.SUCCESS, PackageChange.KEEP));
    t.get(Kind.UPDATE_FAILED_PACKAGE_KEPT)
        .put(updating, new Rule("T6", downloaded, ResultChange.FROM_EVENT, PackageChange.KEEP));
    t.get(Kind.UPDATE_FAILED_PACKAGE_INVALIDATED)
        .put(updating, new Rule("T7", idle, ResultChange.FROM_EVENT, PackageChange.KEEP));
    // T9: Cancel, only before the update starts.
    t.get(Kind.CANCEL)
        .put(downloading, new Rule("T9", idle, ResultChange.CANCELLED, PackageChange.CLEAR));
    t.get(Kind.CANCEL)
        .put(downloaded, new Rule("T9", idle, ResultChange.CANCELLED, PackageChange.CLEAR));
    // T10: the user defers the update.
    t.get(Kind.DEFER)
        .put(downloaded, new Rule("T10", downloaded, ResultChange.DEFERRED, PackageChange.KEEP));
    // T11: after any reboot, DOWNLOADED if a valid uninstalled package exists, else IDLE.
    for (FirmwareState from : FirmwareState.values()) {
      t.get(Kind.REBOOT_WITH_PACKAGE)
          .put(from, new Rule("T11", downloaded, ResultChange.KEEP, PackageChange.KEEP));
      t.get(Kind.REBOOT_WITHOUT_PACKAGE)
          .put(from, new Rule("T11", idle, ResultChange.KEEP, PackageChange.KEEP));
    }
    Map<Kind, Map<FirmwareState, Rule>> frozen = new EnumMap<>(Kind.class);
    t.forEach((k, v) -> frozen.put(k, v.isEmpty() ? Map.of() : new EnumMap<>(v)));
    return frozen;
  }

  private final Clock clock;
  private final List<Listener> listeners;
  private FirmwareStatus status;

  private FirmwareUpdateMachine(Builder b) {
    this.clock = b.clock;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.status = b.initial != null ? b.initial : FirmwareStatus.initial(clock.instant());
  }

  /**
   * Returns a builder; the defaults are the system clock and the initial status (IDLE, result 0).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the current status.
   *
   * @return an immutable snapshot
   */
  public synchronized FirmwareStatus status() {
    return status;
  }

  /**
   * Returns the current state, {@code /5/0/3}.
   *
   * @return the state
   */
  public FirmwareState state() {
    return status().state();
  }

  /**
   * Adds a listener for accepted transitions.
   *
   * @param listener the listener
   */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Applies one event. An illegal event is rejected with a reason and changes nothing.
   *
   * @param event the event
   * @return the accepted transition, or the rejection
   */
  public synchronized Transition apply(FirmwareEvent event) {
    Objects.requireNonNull(event, "event");
    FirmwareStatus before = status;
    Kind kind = event.kind();
    Rule rule = TABLE.get(kind).get(before.state());
    if (rule == null) {
      return new Transition.Rejected(event, illegalReason(kind, before.state()), before);
    }
    String invalid = validate(event, kind);
    if (invalid != null) {
      return new Transition.Rejected(event, invalid, before);
    }
    FirmwareStatus after = next(before, rule, event);
    status = after;
    Transition.Accepted accepted = new Transition.Accepted(rule.id(), event, before, after);
    for (Listener l : listeners) {
      l.onTransition(accepted);
    }
    return accepted;
  }

  /**
   * Returns whether the event would be accepted in the current state, without applying it.
   *
   * @param kind the event kind
   * @return true if the table has an entry for the kind in the current state
   */
  public synchronized boolean permits(Kind kind) {
    return TABLE.get(kind).containsKey(status.state());
  }

  private FirmwareStatus next(FirmwareStatus before, Rule rule, FirmwareEvent event) {
    UpdateResult result =
        switch (rule.result()) {
          case RESET_TO_INITIAL -> UpdateResult.INITIAL;
          case KEEP -> before.result();
          case FROM_EVENT -> reasonOf(event);
          case SUCCESS -> UpdateResult.SUCCESS;
          case CANCELLED -> UpdateResult.CANCELLED;
          case DEFERRED -> UpdateResult.DEFERRED;
        };
    String uri = before.packageUri();
    String name = before.packageName();
    String version = before.packageVersion();
    switch (rule.pkg()) {
      case SET_FROM_EVENT -> {
        FirmwareEvent.PackageUriWritten w = (FirmwareEvent.PackageUriWritten) event;
        uri = w.uri();
        name = w.packageName();
        version = w.packageVersion();
      }
      case CLEAR -> {
        uri = "";
        name = null;
        version = null;
      }
      case KEEP -> {}
    }
    return new FirmwareStatus(rule.target(), result, uri, name, version, clock.instant());
  }

  private static UpdateResult reasonOf(FirmwareEvent event) {
    if (event instanceof FirmwareEvent.DownloadFailed f) {
      return f.reason();
    }
    if (event instanceof FirmwareEvent.UpdateFailed f) {
      return f.reason();
    }
    throw new DfotaException("event: " + event + " (expected: an event with a result code)");
  }

  private static @Nullable String validate(FirmwareEvent event, Kind kind) {
    if (event instanceof FirmwareEvent.PackageUriWritten w) {
      if (w.uri().length() > FirmwareStatus.MAX_STRING_LENGTH) {
        return "package URI: "
            + w.uri().length()
            + " characters (expected: at most "
            + FirmwareStatus.MAX_STRING_LENGTH
            + ", /5/0/1 is 0..255)";
      }
      if (tooLong(w.packageName()) || tooLong(w.packageVersion())) {
        return "package name or version longer than " + FirmwareStatus.MAX_STRING_LENGTH;
      }
    }
    Set<UpdateResult> allowed = ALLOWED_REASONS.get(kind);
    if (allowed != null) {
      UpdateResult reason = reasonOf(event);
      if (!allowed.contains(reason)) {
        return kind
            + " with result "
            + reason.code()
            + " ("
            + reason.description()
            + ") is not allowed (expected one of "
            + codes(allowed)
            + ")";
      }
    }
    return null;
  }

  private static boolean tooLong(@Nullable String s) {
    return s != null && s.length() > FirmwareStatus.MAX_STRING_LENGTH;
  }

  private static String codes(Set<UpdateResult> results) {
    List<Integer> codes = new ArrayList<>();
    for (UpdateResult r : results) {
      codes.add(r.code());
    }
    return codes.toString();
  }

  private static String illegalReason(Kind kind, FirmwareState state) {
    return switch (kind) {
      case PACKAGE_URI_WRITTEN, PACKAGE_WRITE_STARTED ->
          "a package can only be delivered in IDLE (state is "
              + state
              + "; write an empty URI to reset first)";
      case PACKAGE_URI_RESET, PACKAGE_RESET ->
          "reset is refused in " + state + ": the update is being applied";
      case DOWNLOAD_COMPLETED, DOWNLOAD_FAILED ->
          "no download in progress (state is " + state + ")";
      case UPDATE_EXECUTED ->
          "Update /5/0/2 is executable only in DOWNLOADED (state is " + state + ")";
      case UPDATE_SUCCEEDED, UPDATE_FAILED_PACKAGE_KEPT, UPDATE_FAILED_PACKAGE_INVALIDATED ->
          "no update in progress (state is " + state + ")";
      case CANCEL ->
          "Cancel /5/0/10 is allowed only in DOWNLOADING or DOWNLOADED (state is " + state + ")";
      case DEFER -> "an update can only be deferred in DOWNLOADED (state is " + state + ")";
      case REBOOT_WITH_PACKAGE, REBOOT_WITHOUT_PACKAGE -> "reboot rejected in " + state;
    };
  }

  /** Builds a {@link FirmwareUpdateMachine}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable FirmwareStatus initial;
    private final List<Listener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the clock used for the Last State Change Time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the initial status, for example one restored from storage after a reboot.
     *
     * @param initial the status
     * @return this builder
     */
    public Builder initial(FirmwareStatus initial) {
      this.initial = Objects.requireNonNull(initial, "initial");
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the machine.
     *
     * @return the machine
     */
    public FirmwareUpdateMachine build() {
      return new FirmwareUpdateMachine(this);
    }
  }
}
