package io.dfota.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event fed to the {@link FirmwareUpdateMachine}: an operation by the LwM2M server on Object 5,
 * or an outcome of the client's own download and update work (protocol-notes §3.2, T1 to T11).
 */
public sealed interface FirmwareEvent {

  /**
   * Returns the kind of this event, the column of the transition table.
   *
   * @return the kind
   */
  Kind kind();

  /** The columns of the transition table. */
  enum Kind {
    /** A non-empty Package URI was written to {@code /5/0/1}. */
    PACKAGE_URI_WRITTEN,
    /** The empty string was written to {@code /5/0/1}: reset (T8). */
    PACKAGE_URI_RESET,
    /** The server started writing the package to {@code /5/0/0} (push delivery). */
    PACKAGE_WRITE_STARTED,
    /** NULL ({@code \0}) was written to {@code /5/0/0}: reset (T8). */
    PACKAGE_RESET,
    /** The download finished and the package passed the integrity check (T2). */
    DOWNLOAD_COMPLETED,
    /** The download failed or the package failed the integrity check (T3). */
    DOWNLOAD_FAILED,
    /** The server executed Update {@code /5/0/2} (T4). */
    UPDATE_EXECUTED,
    /** The update was applied (after the reboot) (T5). */
    UPDATE_SUCCEEDED,
    /** The update failed and the package is still stored (T6). */
    UPDATE_FAILED_PACKAGE_KEPT,
    /** The update failed for a reason that invalidates the package (T7). */
    UPDATE_FAILED_PACKAGE_INVALIDATED,
    /** The server executed Cancel {@code /5/0/10} (object 1.1, T9). */
    CANCEL,
    /** The user deferred the update (object 1.1, T10). */
    DEFER,
    /** The device rebooted with a valid, uninstalled package in storage (T11). */
    REBOOT_WITH_PACKAGE,
    /** The device rebooted without a valid, uninstalled package (T11). */
    REBOOT_WITHOUT_PACKAGE
  }

  /**
   * A Package URI written to {@code /5/0/1}. The empty string resets the machine (T8); any other
   * value starts a pull download (T1).
   *
   * @param uri the URI, at most 255 characters
   * @param packageName the package name if the device learns it from the URI or elsewhere
   * @param packageVersion the package version if known
   */
  record PackageUriWritten(
      String uri, @Nullable String packageName, @Nullable String packageVersion)
      implements FirmwareEvent {
    /** Validates the event. */
    public PackageUriWritten {
      Objects.requireNonNull(uri, "uri");
    }

    /**
     * Creates the event for a URI with no package metadata.
     *
     * @param uri the URI
     */
    public PackageUriWritten(String uri) {
      this(uri, null, null);
    }

    @Override
    public Kind kind() {
      return uri.isEmpty() ? Kind.PACKAGE_URI_RESET : Kind.PACKAGE_URI_WRITTEN;
    }
  }

  /**
   * A write to Package {@code /5/0/0} (push delivery). A NULL write resets the machine (T8).
   *
   * @param isNull true when the written value is the single byte {@code \0}
   */
  record PackageWritten(boolean isNull) implements FirmwareEvent {
    @Override
    public Kind kind() {
      return isNull ? Kind.PACKAGE_RESET : Kind.PACKAGE_WRITE_STARTED;
    }
  }

  /** The download completed and the integrity check passed (T2). */
  record DownloadCompleted() implements FirmwareEvent {
    @Override
    public Kind kind() {
      return Kind.DOWNLOAD_COMPLETED;
    }
  }

  /**
   * The download failed or the integrity check failed (T3).
   *
   * @param reason the result code: 2 to 9 ({@link UpdateResult#isDownloadFailure()})
   */
  record DownloadFailed(UpdateResult reason) implements FirmwareEvent {
    /** Validates the event. */
    public DownloadFailed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return Kind.DOWNLOAD_FAILED;
    }
  }

  /** The server executed Update {@code /5/0/2} (T4). */
  record UpdateExecuted() implements FirmwareEvent {
    @Override
    public Kind kind() {
      return Kind.UPDATE_EXECUTED;
    }
  }

  /** The update was applied successfully (T5). */
  record UpdateSucceeded() implements FirmwareEvent {
    @Override
    public Kind kind() {
      return Kind.UPDATE_SUCCEEDED;
    }
  }

  /**
   * The update failed (T6 when the package is kept, T7 when it is invalidated).
   *
   * @param reason the result code: 2, 3 or 8 when kept; 5 or 8 when invalidated
   * @param packageKept true when a valid package is still stored
   */
  record UpdateFailed(UpdateResult reason, boolean packageKept) implements FirmwareEvent {
    /** Validates the event. */
    public UpdateFailed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Kind kind() {
      return packageKept ? Kind.UPDATE_FAILED_PACKAGE_KEPT : Kind.UPDATE_FAILED_PACKAGE_INVALIDATED;
    }
  }

  /** Cancel {@code /5/0/10} executed (object 1.1, T9). */
  record Cancel() implements FirmwareEvent {
    @Override
    public Kind kind() {
      return Kind.CANCEL;
    }
  }

  /** The user deferred the update (object 1.1, T10). */
  record Defer() implements FirmwareEvent {
    @Override
    public Kind kind() {
      return Kind.DEFER;
    }
  }

  /**
   * The device rebooted (T11).
   *
   * @param validPackageStored whether a valid, uninstalled package survived the reboot
   */
  record Rebooted(boolean validPackageStored) implements FirmwareEvent {
    @Override
    public Kind kind() {
      return validPackageStored ? Kind.REBOOT_WITH_PACKAGE : Kind.REBOOT_WITHOUT_PACKAGE;
    }
  }
}
