package io.mdrotator.tools;

import io.mdrotator.tools.bench.BenchCommand;
import io.mdrotator.tools.soak.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code target/md-rotator-thin-tools.jar}, the developers' tooling that does not ship in
 * the product: {@code bench} (scripts/bench.sh) and {@code soak} (scripts/soak.sh). Runs with the
 * product jar on its class path.
 */
@Command(
    name = "md-rotator-tools",
    mixinStandardHelpOptions = true,
    description = "Benchmarks and soak test of md-rotator against its emulators (not part of the product).",
    subcommands = {CommandLine.HelpCommand.class, BenchCommand.class, SoakCommand.class})
public final class Tools implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    return new CommandLine(new Tools()).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (bench or soak)");
  }
}
