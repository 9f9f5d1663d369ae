package io.mdrotator.motherduck;

import io.mdrotator.secret.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a non-2xx reply into a typed exception. Only {@code 404} with JSON {@code code: NOT_FOUND}
 * means "entity gone"; any other 404 (e.g. the plain-text one of an unrouted path) is a routing
 * error. Server-supplied text is scrubbed of JWT-shaped strings and the admin token.
 */
final class ErrorDecoder {
  private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
  private static final int MAX_TEXT = 200;

  private final Secret adminToken;

  ErrorDecoder(Secret adminToken) {
    this.adminToken = adminToken;
  }

  MotherDuckApiException decode(ApiCall call, HttpReply reply) {
    ErrorBody body = parse(reply);
    int status = reply.status();
    if (status == 401 || status == 403) {
      return new MotherDuckAuthException(call.operation(), call.username(), status, body.code, body.message, body.issues);
    }
    if (status == 404 && "NOT_FOUND".equals(body.code)) {
      return new MotherDuckNotFoundException(call.operation(), call.username(), body.message, body.issues);
    }
    String message = body.code == null && status == 404
        ? "no such route " + call.endpoint() + " (404 without a MotherDuck error code: " + body.message + ")"
        : body.message;
    return new MotherDuckApiException(call.operation(), call.username(), status, body.code, message, body.issues, null);
  }

  private ErrorBody parse(HttpReply reply) {
    String text = reply.body() == null ? "" : reply.body().strip();
    if (text.startsWith("{")) {
      try {
        JsonNode n = WireFormat.tree(text);
        String code = n.path("code").isString() ? n.path("code").stringValue() : null;
        String message = n.path("message").isString() ? scrub(n.path("message").stringValue()) : null;
        List<String> issues = new ArrayList<>();
        for (JsonNode issue : n.path("issues")) {
          if (issue.path("message").isString()) {
            issues.add(scrub(issue.path("message").stringValue()));
          }
        }
        return new ErrorBody(code, message, issues);
      } catch (MalformedReplyException e) {
        return new ErrorBody(null, "error body is not valid JSON", List.of());
      }
    }
    return new ErrorBody(null, text.isEmpty() ? "empty body" : "non-JSON body: " + scrub(text), List.of());
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

  private record ErrorBody(String code, String message, List<String> issues) {}
}
