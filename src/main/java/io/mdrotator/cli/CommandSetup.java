package io.mdrotator.cli;

import io.mdrotator.config.ConfigException;
import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.config.SecretSourceException;
import io.mdrotator.daemon.Adapters;
import io.mdrotator.daemon.Composition;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyException;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.document.Problem;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/**
 * The CLI side of the one-shot commands' start-up: config, policy or credential problems become
 * {@link InvalidInput}, printed with exit code 2. What runs is built by the {@link Composition}.
 */
final class CommandSetup {
  static final int INVALID_INPUT = 2;

  /** Bad configuration, policy or credential source; {@link #lines} are ready to print. */
  static final class InvalidInput extends Exception {
    private final List<String> lines;

    InvalidInput(List<String> lines) {
      super(String.join("\n", lines));
      this.lines = List.copyOf(lines);
    }

    int print(PrintWriter err) {
      lines.forEach(err::println);
      err.flush();
      return INVALID_INPUT;
    }
  }

  private CommandSetup() {}

  static DaemonConfig config(Path file) throws InvalidInput {
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      throw new InvalidInput(e.problems().stream().map(Problem::format).toList());
    }
  }

  static Policy policy(DaemonConfig config) throws InvalidInput {
    try {
      return new PolicyLoader().loadOrThrow(config.policyFile(), config.policyLoadOptions());
    } catch (PolicyException e) {
      throw new InvalidInput(e.problems().stream().map(Problem::format).toList());
    }
  }

  /** The policy in {@code file} instead of the config's {@code policyFile}, with the config's load options. */
  static Policy policy(DaemonConfig config, Path file) throws InvalidInput {
    try {
      return new PolicyLoader().loadOrThrow(file, config.policyLoadOptions());
    } catch (PolicyException e) {
      throw new InvalidInput(e.problems().stream().map(Problem::format).toList());
    }
  }

  /** The composition's adapters, reporting calls to no one; an unreadable credential source is invalid input. */
  static Adapters adapters(Composition composition) throws InvalidInput {
    try {
      return composition.adapters(ApiCallListener.NOOP);
    } catch (SecretSourceException e) {
      throw new InvalidInput(List.of(composition.config().configFile() + ": " + e.getMessage()));
    }
  }

  /** The composition's engine for a one-shot command; an unreadable credential source is invalid input. */
  static RotationEngine engine(Composition composition, RotationListener listener) throws InvalidInput {
    try {
      return composition.oneShotEngine(listener);
    } catch (SecretSourceException e) {
      throw new InvalidInput(List.of(composition.config().configFile() + ": " + e.getMessage()));
    }
  }

  /** What a command that changes things starts from: config, wiring, its audit listener, the policy. */
  record Audited(DaemonConfig config, Composition composition, RotationListener listener, Policy policy) {}

  /**
   * Loads the config, records the invocation ({@link CommandAudit}) and loads the policy: from
   * {@code policyFile} when given, else the config's {@code policyFile}.
   */
  static Audited audited(Path configFile, CommandLine.Model.CommandSpec spec, Path policyFile) throws InvalidInput {
    DaemonConfig config = config(configFile);
    Composition composition = Composition.of(config);
    RotationListener listener = CommandAudit.start(config, spec, composition.clock());
    Policy policy = policyFile == null ? policy(config) : policy(config, policyFile);
    return new Audited(config, composition, listener, policy);
  }

  /** Config, policy and an engine over the real adapters: what plan, reconcile and rotate need. */
  record Loaded(DaemonConfig config, Policy policy, RotationEngine engine, Clock clock) {}

  /** For commands that only read (plan): no logging set up, no audit record, a no-op listener. */
  static Loaded load(Path configFile) throws InvalidInput {
    DaemonConfig config = config(configFile);
    Policy policy = policy(config);
    Composition composition = Composition.of(config);
    return new Loaded(config, policy, engine(composition, RotationListener.NOOP), composition.clock());
  }

  /**
   * For commands that change anything (reconcile, rotate): as {@link #load(Path)}, but first sets up
   * logging and the audit file from the config and records the invocation ({@link CommandAudit});
   * the engine then reports to the audit log and the operator log as the daemon's does.
   */
  static Loaded loadAudited(Path configFile, CommandLine.Model.CommandSpec spec) throws InvalidInput {
    DaemonConfig config = config(configFile);
    Composition composition = Composition.of(config);
    RotationListener listener = CommandAudit.start(config, spec, composition.clock());
    Policy policy = policy(config);
    return new Loaded(config, policy, engine(composition, listener), composition.clock());
  }
}
