package io.mdrotator.motherduck;

import io.mdrotator.port.ErrorReply;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckAuthException;
import io.mdrotator.port.MotherDuckIssue;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.secret.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a non-2xx reply into a typed exception that keeps everything the server said: status,
 * {@code code}, {@code message} and each {@code issues[]} item with its code and path. Only
 * {@code 404} with JSON {@code code: NOT_FOUND} means "entity gone"; any other 404 (e.g. the
 * plain-text one of an unrouted path) is a routing error. Server-supplied text is scrubbed of
 * JWT-shaped strings and the admin token, and each text is capped at {@value #MAX_TEXT} characters
 * and the issues at {@value #MAX_ISSUES}, so a hostile body cannot flood a log line.
 */
final class ErrorDecoder {
  private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
  private static final int MAX_TEXT = 200;
  static final int MAX_ISSUES = 10;

  private final Secret adminToken;

  ErrorDecoder(Secret adminToken) {
    this.adminToken = adminToken;
  }

  /** {@code attempts}: HTTP attempts made for the call, this reply's included. */
  MotherDuckApiException decode(ApiCall call, HttpReply reply, int attempts) {
    ErrorReply body = parse(reply);
    int status = reply.status();
    if (status == 401 || status == 403) {
      return new MotherDuckAuthException(call.operation(), call.username(), body, attempts);
    }
    if (status == 404 && "NOT_FOUND".equals(body.code())) {
      return new MotherDuckNotFoundException(call.operation(), call.username(), body, attempts);
    }
    if (body.code() == null && status == 404) {
      body = new ErrorReply(status, null,
          "no such route " + call.endpoint() + " (404 without a MotherDuck error code: " + body.message() + ")", List.of());
    }
    return new MotherDuckApiException(call.operation(), call.username(), body, attempts, null);
  }

  private ErrorReply parse(HttpReply reply) {
    String text = reply.body() == null ? "" : reply.body().strip();
    if (!text.startsWith("{")) {
      return new ErrorReply(reply.status(), null, text.isEmpty() ? "empty body" : "non-JSON body: " + scrub(text), List.of());
    }
    try {
      JsonNode n = WireFormat.tree(text);
      return new ErrorReply(reply.status(), stringField(n, "code").map(this::scrub).orElse(null),
          stringField(n, "message").map(this::scrub).orElse(null), issues(n.path("issues")));
    } catch (MalformedReplyException e) {
      return new ErrorReply(reply.status(), null, "error body is not valid JSON", List.of());
    }
  }

  /** Issues with a string {@code message}; others (not MotherDuck's shape) are skipped. */
  private List<MotherDuckIssue> issues(JsonNode array) {
    List<MotherDuckIssue> out = new ArrayList<>();
    int skipped = 0;
    for (JsonNode issue : array) {
      if (!issue.path("message").isString()) {
        continue;
      }
      if (out.size() == MAX_ISSUES) {
        skipped++;
        continue;
      }
      List<String> path = new ArrayList<>();
      // zod paths hold strings and array indexes
      issue.path("path").forEach(p -> path.add(scrub(p.asString())));
      out.add(new MotherDuckIssue(stringField(issue, "code").map(this::scrub), scrub(issue.path("message").stringValue()), path));
    }
    if (skipped > 0) {
      out.add(MotherDuckIssue.of(skipped + " more issue(s) not shown"));
    }
    return out;
  }

  private static Optional<String> stringField(JsonNode n, String field) {
    return n.path(field).isString() ? Optional.of(n.path(field).stringValue()) : Optional.empty();
  }

  String scrub(String text) {
    String out = text;
    String admin = adminToken.reveal();
    if (out.contains(admin)) {
      out = out.replace(admin, "[redacted]");
    }
    out = JWT.matcher(out).replaceAll("[redacted]");
    return out.length() > MAX_TEXT ? out.substring(0, MAX_TEXT) + "..." : out;
  }
}
