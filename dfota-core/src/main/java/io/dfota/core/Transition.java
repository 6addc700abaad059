package io.dfota.core;

import java.util.Objects;

/**
 * The outcome of feeding one {@link FirmwareEvent} to the {@link FirmwareUpdateMachine}: either an
 * accepted transition with the snapshots before and after, or a rejection with the reason and the
 * unchanged status. A rejection is an expected outcome, not an error.
 */
public sealed interface Transition {

  /**
   * Returns the status after the event: the new one if accepted, the unchanged one if rejected.
   *
   * @return the current status
   */
  FirmwareStatus status();

  /**
   * Returns whether the event was accepted.
   *
   * @return true for {@link Accepted}
   */
  boolean accepted();

  /**
   * An accepted transition.
   *
   * @param rule the transition rule of protocol-notes §3.2 that applied (for example "T3")
   * @param event the event
   * @param before the status before
   * @param status the status after
   */
  record Accepted(String rule, FirmwareEvent event, FirmwareStatus before, FirmwareStatus status)
      implements Transition {
    /** Validates the transition. */
    public Accepted {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public boolean accepted() {
      return true;
    }
  }

  /**
   * A rejected event; the state is unchanged.
   *
   * @param event the event
   * @param reason why the event is illegal in the current state
   * @param status the unchanged status
   */
  record Rejected(FirmwareEvent event, String reason, FirmwareStatus status) implements Transition {
    /** Validates the rejection. */
    public Rejected {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public boolean accepted() {
      return false;
    }
  }
}
