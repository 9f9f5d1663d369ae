package io.mdrotator.config;

import io.mdrotator.document.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration file is invalid; lists every problem with file, line and column. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
