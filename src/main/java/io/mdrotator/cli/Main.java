package io.mdrotator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code md-rotator} command line. */
@Command(
    name = "md-rotator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Rotates MotherDuck service-account tokens into HashiCorp Vault.",
    subcommands = {
      CommandLine.HelpCommand.class,
      RunCommand.class,
      PlanCommand.class,
      ReconcileCommand.class,
      RotateCommand.class,
      DemoCommand.class,
      EmulatorCommand.class,
      ValidateCommand.class,
      HealthCommand.class,
      io.mdrotator.bench.BenchCommand.class,
      io.mdrotator.soak.SoakCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
