package io.mdrotator.cli;

import ch.qos.logback.classic.Level;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.observability.AuditLog;
import io.mdrotator.observability.CompositeRotationListener;
import io.mdrotator.observability.Invocation;
import io.mdrotator.observability.LogFormat;
import io.mdrotator.observability.LoggingSetup;
import io.mdrotator.observability.OperatorLog;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Logging and the audit trail for every command that changes anything ({@code run}, {@code
 * reconcile}, {@code rotate}, {@code delete-account}, {@code adopt}): the same console, levels and audit file as the daemon, and one
 * {@code command_invoked} audit record naming the operator's invocation before the command acts.
 */
final class CommandAudit {
  private CommandAudit() {}

  /**
   * Sets up logging from {@code config}, opens the audit file, records the invocation and returns
   * the audit log and operator log as one listener for the engine (the daemon wires its own).
   *
   * @throws CommandSetup.InvalidInput when the configured audit file cannot be opened for appending:
   *     no command changes anything without its audit trail
   */
  static RotationListener start(DaemonConfig config, CommandSpec spec, Clock clock) throws CommandSetup.InvalidInput {
    AuditLog audit = begin(config, spec, clock, true);
    return new CompositeRotationListener(List.of(audit, new OperatorLog(clock)));
  }

  /** As {@link #start}, returning only the audit log (for {@code run}, whose daemon wires the rest). */
  static AuditLog begin(DaemonConfig config, CommandSpec spec, Clock clock, boolean auditOnConsole)
      throws CommandSetup.InvalidInput {
    try {
      config.logging().auditFile().ifPresent(LoggingSetup::openAuditFile);
    } catch (LoggingSetup.AuditFileException e) {
      throw new CommandSetup.InvalidInput(List.of(config.configFile() + ": " + e.getMessage()));
    }
    configureLogging(config.logging(), auditOnConsole);
    AuditLog audit = new AuditLog(clock);
    audit.commandInvoked(Invocation.of(spec.name(), arguments(spec), System.getenv()));
    return audit;
  }

  /** Applies {@code logging}; says so when an operator's Logback file takes precedence over it. */
  static void configureLogging(DaemonConfig.Logging logging, boolean auditOnConsole) {
    LoggingSetup.Outcome outcome = LoggingSetup.configure(settings(logging, auditOnConsole));
    if (outcome == LoggingSetup.Outcome.OPERATOR_FILE) {
      LoggerFactory.getLogger(CommandAudit.class).info("logging configured by -Dlogback.configurationFile={};"
          + " logging.format, logging.level and logging.levels are not applied",
          LoggingSetup.operatorFile().orElse(""));
    }
  }

  static LoggingSetup.Settings settings(DaemonConfig.Logging logging, boolean auditOnConsole) {
    Map<String, Level> levels = new LinkedHashMap<>();
    logging.levels().forEach((logger, level) -> levels.put(logger, level(level)));
    LogFormat format = logging.format() == DaemonConfig.Logging.Format.JSON ? LogFormat.JSON : LogFormat.TEXT;
    return new LoggingSetup.Settings(format, logging.auditFile(), level(logging.level()), levels, auditOnConsole);
  }

  private static Level level(DaemonConfig.Logging.Level level) {
    return Level.toLevel(level.name());
  }

  /** The arguments after the command's name, as the operator typed them (secrets removed later). */
  static List<String> arguments(CommandSpec spec) {
    List<String> all = spec.commandLine().getParseResult().originalArgs();
    int at = all.indexOf(spec.name());
    return all.subList(at + 1, all.size());
  }
}
