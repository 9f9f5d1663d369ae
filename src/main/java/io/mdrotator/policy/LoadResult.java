package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import java.util.List;
import java.util.Optional;

/**
 * Outcome of loading a policy: the policy when there is no error, and every problem found (errors
 * and warnings, in file order).
 */
public record LoadResult(Optional<Policy> policy, List<Problem> problems) {
  public LoadResult {
    problems = List.copyOf(problems);
    if (policy.isPresent() && problems.stream().anyMatch(Problem::isError)) {
      throw new IllegalArgumentException("a policy with errors must not be returned");
    }
  }

  public boolean isValid() {
    return policy.isPresent();
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}
