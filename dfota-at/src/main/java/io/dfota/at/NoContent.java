package io.dfota.at;

/** The value of a command whose only answer is {@code OK} (protocol-notes §2.1). */
public enum NoContent {
  /** The single value. */
  INSTANCE
}
