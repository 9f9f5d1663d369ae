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
      RetireCommand.class,
      DemoCommand.class,
      EmulatorCommand.class,
      ValidateCommand.class,
      HealthCommand.class,
      DeleteAccountCommand.class,
      AdoptCommand.class,
      CdsCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    return execute(commandLine(), args);
  }

  /** As {@link #execute(String...)} with stdout and stderr captured (for tests). */
  static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    return execute(cl, args);
  }

  private static int execute(CommandLine cl, String... args) {
    if (args.length > 0 && !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])) {
      // before picocli: with --help anywhere it would print the top-level help and exit 0
      cl.getErr().println("md-rotator: unknown command '" + args[0] + "' (commands: "
          + String.join(", ", cl.getSubcommands().keySet()) + ")");
      cl.getErr().flush();
      return EXIT_USAGE;
    }
    return cl.execute(args);
  }

  /**
   * The command line with md-rotator's conventions: invalid usage (unknown command or option, a
   * missing command) on stderr with exit 2. Duration options use {@link DurationConverter}.
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("md-rotator: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return EXIT_USAGE;
    });
    return cl;
  }

  /** Exit code of invalid input: a bad command line, config, policy or slot name. */
  public static final int EXIT_USAGE = 2;

  /** Without a command: usage on stderr and exit 2 (a script that forgot its command must not pass). */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
