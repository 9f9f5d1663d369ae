package io.mdrotator.motherduck;

import java.util.List;
import java.util.Optional;

/**
 * A failed Admin API call, with the context an operator needs: operation, username, HTTP status and
 * MotherDuck's {@code code}, {@code message} and {@code issues[].message}. Never carries a token.
 */
public class MotherDuckApiException extends RuntimeException {
  private final String operation;
  private final String username;
  private final int status;
  private final String code;
  private final List<String> issues;

  public MotherDuckApiException(
      String operation,
      String username,
      int status,
      String code,
      String message,
      List<String> issues,
      Throwable cause) {
    super(describe(operation, username, status, code, message, issues), cause);
    this.operation = operation;
    this.username = username;
    this.status = status;
    this.code = code;
    this.issues = List.copyOf(issues);
  }

  private static String describe(
      String operation, String username, int status, String code, String message, List<String> issues) {
    StringBuilder b = new StringBuilder("MotherDuck ").append(operation);
    if (username != null) {
      b.append(" for '").append(username).append('\'');
    }
    b.append(" failed");
    if (status > 0) {
      b.append(": HTTP ").append(status);
    }
    if (code != null) {
      b.append(' ').append(code);
    }
    if (message != null && !message.isBlank()) {
      b.append(": ").append(message);
    }
    if (!issues.isEmpty()) {
      b.append(" (").append(String.join("; ", issues)).append(')');
    }
    return b.toString();
  }

  /** Operation name, e.g. {@code createToken}. */
  public String operation() {
    return operation;
  }

  /** Target username, when the operation has one. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** HTTP status, or 0 when no reply was received. */
  public int status() {
    return status;
  }

  /** MotherDuck error {@code code}, when the body was MotherDuck's JSON error shape. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** {@code issues[].message} of the error body. */
  public List<String> issues() {
    return issues;
  }

  /** True for faults worth retrying later (5xx, 429, I/O); false for 4xx answers. */
  public boolean isTransient() {
    return status == 0 || status == 429 || status >= 500;
  }
}
