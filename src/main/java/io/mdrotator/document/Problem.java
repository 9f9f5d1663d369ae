package io.mdrotator.document;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One finding in a policy or configuration file, at a 1-based line and column. Formatted
 * {@code file:line:column: message} (errors) or {@code file:line:column: warning: message}.
 */
public record Problem(Path file, int line, int column, Severity severity, String message) {
  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
    }
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The same finding as an error (used by {@code --strict}). */
  public Problem asError() {
    return new Problem(file, line, column, Severity.ERROR, message);
  }

  public String format() {
    String prefix = file + ":" + line + ":" + column + ": ";
    return severity == Severity.WARNING ? prefix + "warning: " + message : prefix + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
