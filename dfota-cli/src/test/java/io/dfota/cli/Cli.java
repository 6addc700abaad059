package io.dfota.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command line in-process and captures its output. */
final class Cli {

  static final String PASSWORD = "Quectel123";
  static final Map<String, String> ENV = Map.of(Main.PASSWORD_ENV, PASSWORD);

  private Cli() {}

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }

    long errLines() {
      return err.lines().count();
    }
  }

  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(ENV, args);
  }
}
