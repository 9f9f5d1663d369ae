package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A policy file was rejected; lists every error with file, line and column. */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public PolicyException(List<Problem> problems) {
    super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
