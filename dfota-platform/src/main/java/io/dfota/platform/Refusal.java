package io.dfota.platform;

/**
 * Why the platform refused a request (protocol-notes §1.1, §4.3): each value has its own message in
 * {@link Outcome.Refused#message()}.
 */
public enum Refusal {
  /** The input is malformed or out of its bounds (JSON syntax, size, a blank field). */
  INVALID_INPUT,
  /** No device profile exists for the package's or task's device type and manufacturer. */
  NO_PROFILE,
  /** A package field (device type, manufacturer, model, protocol) differs from the profile. */
  FIELD_MISMATCH,
  /**
   * The profile lacks {@code omCapability.fwUpgradeCapability} with {@code supportUpgrade: true},
   * {@code LWM2M} and {@code CoAP}: it can take neither packages nor tasks.
   */
  NO_FOTA_CAPABILITY,
  /** No active public key of the manufacturer matches the package's signature. */
  UNKNOWN_KEY,
  /** The signature or the signed content does not verify. */
  BAD_SIGNATURE,
  /** The named object (package, group, task, key) does not exist. */
  NOT_FOUND,
  /** The object already exists. */
  DUPLICATE,
  /** The operation is not allowed in the task's current status. */
  WRONG_STATUS
}
