package io.dfota.cli;

import io.dfota.signing.Packager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dfota package}: the seed's zipping step, {@code X.bin} to {@code X.zip} (§1.1). */
@Command(
    name = "package",
    mixinStandardHelpOptions = true,
    description = "Zip a delta firmware X.bin into X.zip next to it, ready for 'dfota sign'.")
final class PackageCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--bin", required = true, paramLabel = "X.bin", description = "The delta .bin.")
  private Path bin;

  @Override
  public Integer call() {
    Path zip = Packager.zipBinary(bin);
    spec.commandLine().getOut().printf("wrote %s%n", zip);
    return Main.EXIT_OK;
  }
}
