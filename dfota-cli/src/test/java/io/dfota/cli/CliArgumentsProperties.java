package io.dfota.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile command lines (issue #10; docs/cli.md): random argument vectors for every subcommand. A
 * vector with a usage error exits with {@link Main#EXIT_USAGE} and a message on the error stream;
 * no vector prints a stack trace, and each returns within a bounded time.
 */
class CliArgumentsProperties {
  private static final Duration CASE_LIMIT = Duration.ofSeconds(20);

  private static final List<String> OPTIONS =
      List.of(
          "--devices",
          "--data",
          "--corrupt",
          "--at-link",
          "--timeout",
          "--server",
          "--at-port",
          "--imei-base",
          "--revision",
          "--alg",
          "--out",
          "--password-file",
          "--force",
          "--bin",
          "--host",
          "--port",
          "--profile",
          "--public-key",
          "--package",
          "--group",
          "--retries",
          "--key",
          "--manufacturer",
          "-h",
          "--help",
          "-V",
          "--version");

  /** The subcommands; {@code help} is left out: it prints usage and exits 0 for any argument. */
  @Provide
  Arbitrary<String> subcommands() {
    return Arbitraries.of(
        "", "keygen", "package", "sign", "verify", "demo", "platform", "emulate", "sgin");
  }

  /** One token: an option name, a value or noise. Never "--" (end of options) or "@file". */
  @Provide
  Arbitrary<String> tokens() {
    Arbitrary<String> noise =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.of("-", "=", "-1", "99999999999999999999", "0x10", "NaN", "\u0000", "é"),
            Arbitraries.integers().between(500, 4000).map("x"::repeat),
            Arbitraries.of(OPTIONS).map(o -> o + "=" + "\u0000bad"));
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(OPTIONS)), Tuple.of(4, noise))
        .filter(t -> !t.equals("--") && !t.startsWith("@"));
  }

  @Provide
  Arbitrary<String> usageErrors() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> "--zz" + s),
        Arbitraries.of(
            "--devices=many",
            "--at-port=port",
            "--port=-x",
            "--retries=ten",
            "--alg=none",
            "--timeout=forever",
            "--imei-base=imei"));
  }

  private static Cli.Result run(List<String> argv) {
    return assertTimeoutPreemptively(CASE_LIMIT, () -> Cli.run(argv.toArray(new String[0])));
  }

  private static void assertNoStackTrace(Cli.Result r) {
    String all = r.out() + r.err();
    assertFalse(all.contains("\tat "), r::toString);
    assertFalse(all.matches("(?s).*\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*Exception\\b.*"), r::toString);
  }

  @Property(tries = 100)
  void vectorsWithAUsageErrorExitWithTwoAndAMessage(
      @ForAll("subcommands") String sub,
      @ForAll @Size(max = 8) List<@net.jqwik.api.From("tokens") String> tokens,
      @ForAll("usageErrors") String error) {
    List<String> argv = new ArrayList<>();
    if (!sub.isEmpty()) {
      argv.add(sub);
    }
    // the error comes first: after an option that takes a value it would be that value (picocli
    // takes "--data --zzA" as the directory "--zzA", and the command would run)
    List<String> rest = new ArrayList<>(tokens);
    rest.add(0, error);
    if (rest.stream().anyMatch(t -> Set.of("-h", "--help", "-V", "--version").contains(t))) {
      rest.removeIf(t -> Set.of("-h", "--help", "-V", "--version").contains(t));
    }
    argv.addAll(rest);
    Cli.Result r = run(argv);
    Statistics.label("subcommand").collect(sub.isEmpty() ? "(none)" : sub);
    Statistics.label("exit").collect(r.code());
    assertEquals(Main.EXIT_USAGE, r.code(), () -> argv + "\n" + r);
    assertFalse(r.err().isBlank(), r::toString);
    assertNoStackTrace(r);
  }

  @Property(tries = 60)
  void randomVectorsForTheFileCommandsFailCleanly(
      @ForAll("fileCommands") String sub,
      @ForAll @Size(max = 8) List<@net.jqwik.api.From("tokens") String> tokens) {
    List<String> argv = new ArrayList<>();
    argv.add(sub);
    argv.addAll(tokens);
    Cli.Result r = run(argv);
    Statistics.label("exit").collect(r.code());
    assertTrue(Set.of(0, 1, 2, 3).contains(r.code()), r::toString);
    if (r.code() != Main.EXIT_OK) {
      assertFalse(r.err().isBlank(), r::toString);
    }
    assertNoStackTrace(r);
  }

  /** The subcommands that only read and write files: no server, no emulator is started. */
  @Provide
  Arbitrary<String> fileCommands() {
    return Arbitraries.of("package", "sign", "verify");
  }
}
