package io.mdrotator.cli;

import io.mdrotator.config.ConfigException;
import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code md-rotator validate}: checks the config and its policy, printing every problem with its location. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the daemon configuration and the policy it points to.",
      "Prints every problem as file:line:column: message (lint as file:line:column: warning: ...).",
      "Exit 0 when clean, 2 when there are errors (or warnings with --strict)."
    })
public final class ValidateCommand implements Callable<Integer> {
  static final int INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Option(names = "--strict", description = "Treat lint warnings as errors.")
  boolean strict;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DaemonConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      e.problems().forEach(p -> out.println(p.format()));
      out.flush();
      return INVALID;
    }
    LoadResult result = new PolicyLoader().load(cfg.policyFile(), cfg.policyLoadOptions().withStrict(strict));
    result.problems().forEach(p -> out.println(p.format()));
    if (result.policy().isEmpty()) {
      out.flush();
      return INVALID;
    }
    Policy policy = result.policy().get();
    out.printf("OK: %s, %s: %d accounts, %d slots, %d warnings%n", config, cfg.policyFile(),
        policy.accounts().size(), policy.slots().size(), result.warnings().size());
    out.flush();
    return 0;
  }
}
