package io.dfota.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the LwM2M Object 5 instance: State ({@code /5/0/3}), Update Result
 * ({@code /5/0/5}), Package URI ({@code /5/0/1}), PkgName ({@code /5/0/6}), PkgVersion ({@code
 * /5/0/7}) and Last State Change Time ({@code /5/0/12}).
 *
 * @param state the firmware state
 * @param result the update result
 * @param packageUri the package URI last written, or the empty string
 * @param packageName the package name, or null when unknown
 * @param packageVersion the package version, or null when unknown
 * @param lastChange when the state last changed
 */
public record FirmwareStatus(
    FirmwareState state,
    UpdateResult result,
    String packageUri,
    @Nullable String packageName,
    @Nullable String packageVersion,
    Instant lastChange) {

  /** Maximum length of the Package URI, PkgName and PkgVersion strings (0..255 in Object 5). */
  public static final int MAX_STRING_LENGTH = 255;

  /** Validates the snapshot. */
  public FirmwareStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(packageUri, "packageUri");
    Objects.requireNonNull(lastChange, "lastChange");
    checkLength("packageUri", packageUri);
    if (packageName != null) {
      checkLength("packageName", packageName);
    }
    if (packageVersion != null) {
      checkLength("packageVersion", packageVersion);
    }
  }

  /**
   * Returns the initial status: IDLE, result 0, no package.
   *
   * @param now the time of creation
   * @return the initial status
   */
  public static FirmwareStatus initial(Instant now) {
    return new FirmwareStatus(FirmwareState.IDLE, UpdateResult.INITIAL, "", null, null, now);
  }

  /**
   * Returns the package name if known.
   *
   * @return the PkgName
   */
  public Optional<String> name() {
    return Optional.ofNullable(packageName);
  }

  /**
   * Returns the package version if known.
   *
   * @return the PkgVersion
   */
  public Optional<String> version() {
    return Optional.ofNullable(packageVersion);
  }

  private static void checkLength(String field, String value) {
    if (value.length() > MAX_STRING_LENGTH) {
      throw new DfotaException(
          field + ": " + value.length() + " characters (expected: <= " + MAX_STRING_LENGTH + ")");
    }
  }
}
