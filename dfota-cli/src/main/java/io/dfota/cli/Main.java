package io.dfota.cli;

import io.dfota.core.DfotaException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dfota} command; each subcommand is its own class. */
@Command(
    name = "dfota",
    mixinStandardHelpOptions = true,
    version = "dfota 0.1.0-SNAPSHOT",
    description = "DFOTA for Quectel BC35-G / BC28 / BC95 R2.0 modules over LwM2M.",
    subcommands = {
      CommandLine.HelpCommand.class,
      KeygenCommand.class,
      PackageCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      DemoCommand.class,
      PlatformCommand.class,
      EmulateCommand.class
    })
public final class Main implements Runnable {

  /** Exit code: success. */
  public static final int EXIT_OK = 0;

  /** Exit code: a verification or an upgrade failed. */
  public static final int EXIT_FAILED = 1;

  /** Exit code: the command line was wrong. */
  public static final int EXIT_USAGE = 2;

  /** Exit code: an I/O or key error. */
  public static final int EXIT_IO = 3;

  /** The environment variable that may hold the private-key password. */
  public static final String PASSWORD_ENV = "DFOTA_PASSWORD";

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;

  private Main(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Runs the command line and returns its exit code, without exiting the JVM.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    Charset cs = Charset.defaultCharset();
    return run(
        new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true),
        new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true),
        System.getenv(),
        args);
  }

  /**
   * Runs the command line with the given output, error output and environment (for tests and
   * embedding), and returns its exit code.
   *
   * @param out standard output
   * @param err error output: one line per error
   * @param env the environment, for example {@code DFOTA_PASSWORD}
   * @param args the arguments
   * @return the exit code
   */
  public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    CommandLine cl = new CommandLine(new Main(Objects.requireNonNull(env, "env")));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.registerConverter(java.nio.file.Path.class, new PathConverter());
    cl.registerConverter(java.time.Duration.class, new DurationConverter());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          String name = commandLine.getCommandSpec().qualifiedName();
          int code;
          String message;
          if (e instanceof CliException) {
            code = ((CliException) e).exitCode();
            message = e.getMessage();
          } else if (e instanceof DfotaException) {
            code = EXIT_IO;
            message = e.getMessage();
          } else if (e instanceof java.io.IOException
              || e instanceof java.io.UncheckedIOException) {
            code = EXIT_IO;
            message = "I/O error: " + e.getMessage();
          } else {
            code = EXIT_IO;
            message = "unexpected error: " + e;
          }
          commandLine.getErr().println(name + ": " + oneLine(message));
          commandLine.getErr().flush();
          return code;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String... args) {
    System.exit(run(args));
  }

  /**
   * Returns the environment given to {@link #run(PrintWriter, PrintWriter, Map, String...)}.
   *
   * @return the environment
   */
  Map<String, String> env() {
    return env;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static String oneLine(String message) {
    return message == null ? "failed" : message.replace('\n', ' ').replace('\r', ' ');
  }
}
