package io.mdrotator.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code md-rotator} command line. */
@Command(
    name = "md-rotator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Rotates MotherDuck service-account tokens into HashiCorp Vault.")
public final class Main implements Runnable {
  /**
   * The commands, in the order help lists them. They are added to the command line in {@link
   * #commandLine}, not named in {@code @Command}: picocli reflects over every command it is given,
   * and a launch that names its command builds only that one (about a tenth of a second less
   * start-up for the daemon and every one-shot command).
   */
  private static final Map<String, Class<?>> COMMANDS = commands();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("help", CommandLine.HelpCommand.class);
    m.put("run", RunCommand.class);
    m.put("plan", PlanCommand.class);
    m.put("reconcile", ReconcileCommand.class);
    m.put("rotate", RotateCommand.class);
    m.put("retire", RetireCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("emulator", EmulatorCommand.class);
    m.put("validate", ValidateCommand.class);
    m.put("health", HealthCommand.class);
    m.put("delete-account", DeleteAccountCommand.class);
    m.put("adopt", AdoptCommand.class);
    m.put("cds", CdsCommand.class);
    return m;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    return execute(commandLine(args), args);
  }

  /** As {@link #execute(String...)} with stdout and stderr captured (for tests). */
  static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    return execute(cl, args);
  }

  private static int execute(CommandLine cl, String... args) {
    if (args.length > 0 && !args[0].startsWith("-") && !COMMANDS.containsKey(args[0])) {
      // before picocli: with --help anywhere it would print the top-level help and exit 0
      cl.getErr().println("md-rotator: unknown command '" + args[0] + "' (commands: "
          + String.join(", ", COMMANDS.keySet()) + ")");
      cl.getErr().flush();
      return EXIT_USAGE;
    }
    return cl.execute(args);
  }

  /**
   * The command line for {@code args} with md-rotator's conventions: invalid usage (unknown command
   * or option, a missing command) on stderr with exit 2. Duration options use {@link
   * DurationConverter}. It holds only the command {@code args} names, or every command when they
   * name none (or {@code help}, which lists them all).
   */
  public static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Main());
    String named = args.length > 0 ? args[0] : "";
    COMMANDS.forEach((name, type) -> {
      if (named.equals(name) || !COMMANDS.containsKey(named) || named.equals("help")) {
        cl.addSubcommand(name, type);
      }
    });
    cl.setParameterExceptionHandler((e, rejected) -> {
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
