package io.dfota.platform;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a task runs (OceanConnect {@code policy.executeType}, protocol-notes §4.6): {@code now}
 * starts devices that are reachable now and the others when they come online; {@code device_online}
 * starts each device only when it wakes up; {@code custom} starts devices only inside a start/end
 * window.
 *
 * @param type the execute type
 * @param start the window start for {@link Type#CUSTOM}, else null
 * @param end the window end for {@link Type#CUSTOM}, else null
 */
public record ExecutePolicy(Type type, @Nullable Instant start, @Nullable Instant end) {

  /** The execute types. */
  public enum Type {
    /** {@code now}. */
    NOW,
    /** {@code device_online}. */
    DEVICE_ONLINE,
    /** {@code custom}: a start/end window. */
    CUSTOM
  }

  /** Validates the fields. */
  public ExecutePolicy {
    Objects.requireNonNull(type, "type");
    if (type == Type.CUSTOM) {
      if (start == null || end == null || !end.isAfter(start)) {
        throw new PlatformException(
            "window: " + start + " to " + end + " (expected: start before end for custom)");
      }
    } else if (start != null || end != null) {
      throw new PlatformException(
          "window: " + start + " to " + end + " (expected: only for custom)");
    }
  }

  /**
   * Returns the {@code now} policy.
   *
   * @return the policy
   */
  public static ExecutePolicy now() {
    return new ExecutePolicy(Type.NOW, null, null);
  }

  /**
   * Returns the {@code device_online} policy.
   *
   * @return the policy
   */
  public static ExecutePolicy deviceOnline() {
    return new ExecutePolicy(Type.DEVICE_ONLINE, null, null);
  }

  /**
   * Returns the {@code custom} policy.
   *
   * @param start the window start
   * @param end the window end, after the start
   * @return the policy
   */
  public static ExecutePolicy window(Instant start, Instant end) {
    return new ExecutePolicy(Type.CUSTOM, start, end);
  }
}
