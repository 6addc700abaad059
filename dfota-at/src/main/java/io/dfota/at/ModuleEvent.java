package io.dfota.at;

import io.dfota.core.GuardStatus;
import io.dfota.core.RrcMode;
import java.util.Objects;

/**
 * A typed event the {@link ModuleDriver} reports to the application (protocol-notes §1.3, §1.4,
 * §2.3–§2.5): firmware URCs with the guard's decision, LwM2M events, downlinks, reboots, RRC
 * changes and the driver's own actions (watchdog restart, manual-mode answers).
 */
public sealed interface ModuleEvent
    permits ModuleEvent.Firmware,
        ModuleEvent.LwM2mEvent,
        ModuleEvent.Downlink,
        ModuleEvent.Restarted,
        ModuleEvent.RrcChanged,
        ModuleEvent.GuardChanged,
        ModuleEvent.WatchdogRestart,
        ModuleEvent.ManualAnswer,
        ModuleEvent.OtherUrc {

  /**
   * A firmware URC and the guard's status after it.
   *
   * @param urc the URC
   * @param status the guard's status after consuming it
   */
  record Firmware(Urc.Firmware urc, GuardStatus status) implements ModuleEvent {
    /** Validates the event. */
    public Firmware {
      Objects.requireNonNull(urc, "urc");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * A {@code +QLWEVTIND:<type>} URC.
   *
   * @param urc the URC
   */
  record LwM2mEvent(Urc.LwEvent urc) implements ModuleEvent {
    /** Validates the event. */
    public LwM2mEvent {
      Objects.requireNonNull(urc, "urc");
    }
  }

  /**
   * Downlink data from the platform ({@code +NNMI}, or read with {@code AT+NMGR}).
   *
   * @param data the payload
   */
  record Downlink(HexPayload data) implements ModuleEvent {
    /** Validates the event. */
    public Downlink {
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * The module restarted ({@code REBOOT_CAUSE_<X>}).
   *
   * @param cause the cause
   */
  record Restarted(Urc.RebootCause cause) implements ModuleEvent {
    /** Validates the event. */
    public Restarted {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * The RRC mode changed ({@code +CSCON:<mode>}).
   *
   * @param mode the mode
   */
  record RrcChanged(RrcMode mode) implements ModuleEvent {
    /** Validates the event. */
    public RrcChanged {
      Objects.requireNonNull(mode, "mode");
    }
  }

  /**
   * The guard's status changed (mode, phase or last firmware URC).
   *
   * @param status the status
   */
  record GuardChanged(GuardStatus status) implements ModuleEvent {
    /** Validates the event. */
    public GuardChanged {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * The 35-minute watchdog expired mid-FOTA and the driver restarted the module with {@code AT+NRB}
   * (seed Table 2); the recovery window follows.
   *
   * @param status the guard's status when it asked
   * @param result the outcome of {@code AT+NRB} ({@link AtResponse.ModuleRestarted} when it
   *     worked); anything else means the application should power-cycle the module
   */
  record WatchdogRestart(GuardStatus status, AtResponse<NoContent> result) implements ModuleEvent {
    /** Validates the event. */
    public WatchdogRestart {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * The driver answered a manual-mode event ({@code +QLWEVTIND:6} or {@code :7}) with {@code
   * AT+QLWFOTAIND=<answer>}.
   *
   * @param event the event answered
   * @param answer the answer sent
   * @param result the module's reply
   */
  record ManualAnswer(LwEventType event, FotaMode answer, AtResponse<NoContent> result)
      implements ModuleEvent {
    /** Validates the event. */
    public ManualAnswer {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Any other URC ({@code Neul}, boot lines, {@code +CEREG}, {@code +NSMI}, unknown lines...).
   *
   * @param urc the URC
   */
  record OtherUrc(Urc urc) implements ModuleEvent {
    /** Validates the event. */
    public OtherUrc {
      Objects.requireNonNull(urc, "urc");
    }
  }
}
