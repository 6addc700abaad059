package io.dfota.cli;

/** An error of the command line itself, with the exit code it maps to. */
final class CliException extends io.dfota.core.DfotaException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
