package io.mdrotator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parent of the standalone emulator commands ({@code emulator motherduck}, {@code emulator vault}). */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = "Run a local emulator of the MotherDuck Admin API or of Vault.",
    subcommands = {
      MotherDuckEmulatorCommand.class,
      VaultEmulatorCommand.class,
    })
public final class EmulatorCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
