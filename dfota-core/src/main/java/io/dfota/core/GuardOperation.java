package io.dfota.core;

/**
 * What an application may ask to do with the module; the {@link DfotaGuard} decides (seed §4.2,
 * Table 1: no power-off, no reset, no sleep and no data AT commands while DFOTA runs).
 */
public enum GuardOperation {
  /** Send uplink data ({@code AT+QLWULDATA}, {@code AT+QLWULDATAEX}, {@code AT+NMGS}). */
  SEND_DATA,
  /** Put the module to sleep (PSM, {@code AT+CFUN=0}). */
  SLEEP,
  /** Reset or reboot the module ({@code AT+NRB}, reset pin). */
  RESET,
  /** Cut the module's power. */
  POWER_OFF
}
