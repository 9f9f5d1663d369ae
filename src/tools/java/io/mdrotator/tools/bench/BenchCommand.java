package io.mdrotator.tools.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code md-rotator-tools bench}: performance figures against the in-process emulators.
 * Each figure is a subcommand; {@code scripts/bench.sh} runs them all and prints one report.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks against the in-process emulators; see docs/benchmarks.md.",
    subcommands = {
      CommandLine.HelpCommand.class,
      CatchupCommand.class,
      io.mdrotator.tools.bench.fleet.DaemonBenchCommand.class,
      io.mdrotator.tools.bench.fleet.ComponentsCommand.class,
      io.mdrotator.tools.bench.fleet.StartupCommand.class,
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
