package io.mdrotator.port;

import java.util.List;

/**
 * A decoded non-2xx reply: HTTP status, MotherDuck's {@code code} (null when the body was not
 * MotherDuck's JSON error shape), {@code message} (or a description of the odd body) and issues.
 */
public record ErrorReply(int status, String code, String message, List<MotherDuckIssue> issues) {
  public ErrorReply {
    issues = List.copyOf(issues);
  }
}
