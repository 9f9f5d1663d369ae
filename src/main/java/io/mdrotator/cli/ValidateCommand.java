package io.mdrotator.cli;

import io.mdrotator.config.ConfigCheck;
import io.mdrotator.config.ConfigLoader;
import io.mdrotator.policy.LoadOptions;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.RemovedSlots;
import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code md-rotator validate}: checks a daemon configuration and the policy it names, or a policy
 * alone, in one pass. Like every command, diagnostics go to stderr and results to stdout: each
 * problem (errors and warnings) on stderr, the OK summary on stdout, so a hook can keep the
 * summary and still show what is wrong.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the daemon configuration and the policy it names (--config), or a policy alone (--policy,"
          + " e.g. in a pre-commit hook or CI), reporting every problem in one pass.",
      "Problems go to stderr, one per line: file:line:column: message (lint as file:line:column: warning: ...).",
      "On success the summary (OK: ...) goes to stdout.",
      "Exit 0 when clean or only warned, 2 when there are errors (or warnings with --strict)."
    })
public final class ValidateCommand implements Callable<Integer> {
  static final int INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  /** Exactly one of the two files is checked per run. */
  static final class Target {
    @Option(names = "--config", paramLabel = "FILE",
        description = "Daemon configuration file; the policy it names is checked too.")
    Path config;

    @Option(names = "--policy", paramLabel = "FILE",
        description = "A policy file on its own, with MotherDuck's TTL floor (300s).")
    Path policy;
  }

  @Option(names = "--strict", description = "Treat lint warnings as errors.")
  boolean strict;

  @Option(names = "--skip-secret-files", description = "With --config: do not check that {file: ...} secret"
      + " sources exist (checking a config away from its host, e.g. a Kubernetes config whose files are mounted in the pod).")
  boolean skipSecretFiles;

  @Option(names = "--previous", paramLabel = "FILE", description = "The policy as it was before this change"
      + " (e.g. git show HEAD:policy.yaml): warn about every slot it has that the new policy removes without"
      + " having retired it first.")
  Path previous;

  @Override
  public Integer call() {
    List<Problem> problems = new ArrayList<>();
    String summary = target.policy != null ? policyAlone(problems) : configAndPolicy(problems);
    PrintWriter err = spec.commandLine().getErr();
    problems.forEach(p -> err.println(p.format()));
    err.flush();
    if (summary == null || problems.stream().anyMatch(Problem::isError)) {
      return INVALID;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(summary);
    out.flush();
    return 0;
  }

  /** Adds the policy's problems; the summary when it loads. */
  private String policyAlone(List<Problem> problems) {
    LoadResult r = new PolicyLoader().load(target.policy, LoadOptions.defaults().withStrict(strict));
    problems.addAll(r.problems());
    removals(r, LoadOptions.defaults(), problems);
    return r.policy().map(p -> "OK: " + target.policy + ": " + counts(r)).orElse(null);
  }

  /**
   * Adds the config's problems, then those of the policy it names — even when the config has
   * errors, so one run shows both files' problems. The summary when both load.
   */
  private String configAndPolicy(List<Problem> problems) {
    ConfigCheck c = ConfigLoader.check(target.config, !skipSecretFiles);
    problems.addAll(c.problems());
    if (c.policyFile().isEmpty()) {
      return null;
    }
    LoadResult r = new PolicyLoader().load(c.policyFile().get(), c.policyOptions().withStrict(strict));
    problems.addAll(r.problems());
    removals(r, c.policyOptions(), problems);
    if (!c.isValid() || !r.isValid()) {
      return null;
    }
    return "OK: " + target.config + ", " + c.policyFile().get() + ": " + counts(r);
  }

  /**
   * With {@code --previous}: a warning (an error with {@code --strict}) for each slot the previous
   * policy has, did not retire, and {@code r} no longer has. A previous file that does not load is
   * itself a warning: the comparison could not be made.
   */
  private void removals(LoadResult r, LoadOptions options, List<Problem> problems) {
    if (previous == null || r.policy().isEmpty()) {
      return;
    }
    String text;
    try {
      text = Files.readString(previous);
    } catch (IOException e) {
      problems.add(lint(new Problem(previous, 1, 1, Severity.WARNING, "cannot read the previous policy: " + e)));
      return;
    }
    LoadResult before = new PolicyLoader().load(previous, text, options);
    if (before.policy().isEmpty()) {
      problems.add(lint(new Problem(previous, 1, 1, Severity.WARNING,
          "the previous policy does not load (" + before.errors().size() + " errors); removed slots not checked")));
      return;
    }
    RemovedSlots.warnings(previous, text, before.policy().get(), r.policy().get())
        .forEach(p -> problems.add(lint(p)));
  }

  private Problem lint(Problem warning) {
    return strict ? warning.asError() : warning;
  }

  /** {@code r} must hold a policy. */
  private static String counts(LoadResult r) {
    Policy p = r.policy().orElseThrow();
    return p.accounts().size() + " accounts, " + p.slots().size() + " slots, " + r.warnings().size() + " warnings";
  }
}
