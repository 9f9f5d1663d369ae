package io.mdrotator.port;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A failed Admin API call, with the context an operator needs: operation, username, HTTP status,
 * MotherDuck's {@code code}, {@code message} and every {@code issues[]} item with its field path,
 * and how many HTTP attempts the client made. For failures without an HTTP reply the message says
 * what happened instead (see {@link MotherDuckIoException}). Never carries a token: the decoder
 * scrubs server text before it gets here.
 *
 * <p>{@link #getMessage()} is {@code MotherDuck <operation> for '<username>' failed: }{@link
 * #summary()}, e.g. {@code MotherDuck createToken for 'x' failed: HTTP 400 BAD_REQUEST: Number must
 * be greater than or equal to 300 (ttl: Number must be greater than or equal to 300)}.
 */
public class MotherDuckApiException extends RuntimeException {
  private final String operation;
  private final String username;
  private final ErrorReply reply;
  private final int attempts;

  /** Issues without code or path; the number of attempts is not recorded. */
  public MotherDuckApiException(
      String operation,
      String username,
      int status,
      String code,
      String message,
      List<String> issues,
      Throwable cause) {
    this(operation, username,
        new ErrorReply(status, code, message, issues.stream().map(MotherDuckIssue::of).toList()), 0, cause);
  }

  /**
   * {@code reply}: what the server answered (status 0 and a description of what happened when no
   * reply was read); {@code attempts}: HTTP attempts made for the call, 0 when not recorded.
   */
  public MotherDuckApiException(String operation, String username, ErrorReply reply, int attempts, Throwable cause) {
    super(prefix(operation, username) + (summary(reply, attempts).isEmpty() ? "" : ": " + summary(reply, attempts)),
        cause);
    this.operation = operation;
    this.username = username;
    this.reply = reply;
    this.attempts = attempts;
  }

  private static String prefix(String operation, String username) {
    return "MotherDuck " + operation + (username == null ? "" : " for '" + username + "'") + " failed";
  }

  private static String summary(ErrorReply reply, int attempts) {
    StringBuilder b = new StringBuilder();
    if (reply.status() > 0) {
      b.append("HTTP ").append(reply.status());
    }
    if (reply.code() != null) {
      b.append(b.length() > 0 ? " " : "").append(reply.code());
    }
    if (reply.message() != null && !reply.message().isBlank()) {
      b.append(b.length() > 0 ? ": " : "").append(reply.message());
    }
    if (!reply.issues().isEmpty()) {
      b.append(" (").append(reply.issues().stream().map(MotherDuckIssue::render).collect(Collectors.joining("; ")))
          .append(')');
    }
    if (attempts > 1) {
      b.append("; gave up after ").append(attempts).append(" attempts");
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
    return reply.status();
  }

  /** MotherDuck error {@code code}, when the body was MotherDuck's JSON error shape. */
  public Optional<String> code() {
    return Optional.ofNullable(reply.code());
  }

  /** {@code issues[].message} of the error body, without paths. */
  public List<String> issues() {
    return reply.issues().stream().map(MotherDuckIssue::message).toList();
  }

  /** {@code issues[]} of the error body with their codes and field paths. */
  public List<MotherDuckIssue> issueDetails() {
    return reply.issues();
  }

  /** HTTP attempts the client made for this call (retries included); 0 when not recorded. */
  public int attempts() {
    return attempts;
  }

  /** The message without the {@code MotherDuck <operation> for '<username>' failed: } prefix. */
  public String summary() {
    return summary(reply, attempts);
  }

  /** True for faults worth retrying later (5xx, 429, I/O); false for 4xx answers. */
  public boolean isTransient() {
    return status() == 0 || status() == 429 || status() >= 500;
  }
}
