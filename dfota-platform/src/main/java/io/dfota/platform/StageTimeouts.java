package io.dfota.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * The per-stage timeouts of protocol-notes §4.2–4.3: how long a device may take to come online, to
 * answer one query (read, observe, write, execute), to download the package (from the URI write to
 * state DOWNLOADED) and to report the final state after the execute.
 *
 * @param online default 24 h
 * @param query default 3 min per query
 * @param download default 60 min
 * @param result default 30 min
 */
public record StageTimeouts(Duration online, Duration query, Duration download, Duration result) {

  /** Validates the fields: each positive. */
  public StageTimeouts {
    check("online", online);
    check("query", query);
    check("download", download);
    check("result", result);
  }

  private static void check(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new PlatformException(name + ": " + d + " (expected: > 0)");
    }
  }

  /**
   * Returns the platform defaults: 24 h, 3 min, 60 min, 30 min.
   *
   * @return the defaults
   */
  public static StageTimeouts defaults() {
    return new StageTimeouts(
        Duration.ofHours(24),
        Duration.ofMinutes(3),
        Duration.ofMinutes(60),
        Duration.ofMinutes(30));
  }
}
