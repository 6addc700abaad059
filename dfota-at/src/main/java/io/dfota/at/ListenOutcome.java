package io.dfota.at;

/**
 * How a listen window after an uplink ended (seed §5, dual-MCU case: listen at least two minutes
 * after each uplink for DFOTA or other URCs; protocol-notes §1.4).
 */
public enum ListenOutcome {
  /** A DFOTA started ({@code +QLWEVTIND:5} or a firmware URC): keep the module powered. */
  DFOTA_STARTED,
  /** The module reported RRC idle ({@code +CSCON:0}) and no DFOTA runs. */
  MODULE_IDLE,
  /** The window elapsed without either. */
  WINDOW_ELAPSED
}
