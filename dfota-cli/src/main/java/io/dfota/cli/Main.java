package io.dfota.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dfota} command; each subcommand is its own class. */
@Command(
    name = "dfota",
    mixinStandardHelpOptions = true,
    version = "dfota 0.1.0-SNAPSHOT",
    description = "DFOTA for Quectel BC35-G / BC28 / BC95 R2.0 modules over LwM2M.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Exit code: success. */
  public static final int EXIT_OK = 0;

  /** Exit code: a verification or an upgrade failed. */
  public static final int EXIT_FAILED = 1;

  /** Exit code: the command line was wrong. */
  public static final int EXIT_USAGE = 2;

  /** Exit code: an I/O or key error. */
  public static final int EXIT_IO = 3;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line and returns its exit code, without exiting the JVM.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String... args) {
    System.exit(run(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
