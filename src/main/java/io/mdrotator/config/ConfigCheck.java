package io.mdrotator.config;

import io.mdrotator.policy.LoadOptions;
import io.mdrotator.document.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code validate} learns from a configuration file in one pass: the config when it has
 * no error, every problem in file order, and — even when the config is invalid — the policy file
 * it names and the TTL floor it asks for, read from the tree, so the policy is checked in the same
 * run. {@code policyFile} is empty only when the config names none that can be read from it.
 */
public record ConfigCheck(
    Optional<DaemonConfig> config, List<Problem> problems, Optional<Path> policyFile, LoadOptions policyOptions) {
  public ConfigCheck {
    problems = List.copyOf(problems);
    if (config.isPresent() && problems.stream().anyMatch(Problem::isError)) {
      throw new IllegalArgumentException("a config with errors must not be returned");
    }
  }

  public boolean isValid() {
    return config.isPresent();
  }
}
