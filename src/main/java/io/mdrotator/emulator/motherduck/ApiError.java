package io.mdrotator.emulator.motherduck;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A documented MotherDuck error reply (API reference 1.1): {@code message}, {@code code},
 * {@code issues}; a 400 also carries tRPC's {@code data} and rich issues with {@code path}.
 */
record ApiError(int status, String code, String message, List<Issue> issues) {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** One validation issue; {@code code}/{@code path} are rendered only on 400s. */
  record Issue(String code, String message, List<String> path) {}

  static ApiError badRequest(String field, String issueCode, String message) {
    return new ApiError(400, "BAD_REQUEST", message,
        List.of(new Issue(issueCode, message, field == null ? List.of() : List.of(field.split("\\.")))));
  }

  static ApiError unauthorized() {
    return new ApiError(401, "UNAUTHORIZED", "Invalid Credentials", List.of());
  }

  static ApiError forbidden() {
    return new ApiError(403, "FORBIDDEN", "Unauthorized",
        List.of(new Issue(null, "minimum role org_admin is required", List.of())));
  }

  /** An admin asked for a token of a human member (API reference 5: only own or service accounts). */
  static ApiError notForMembers() {
    return new ApiError(403, "FORBIDDEN", "admins cannot create tokens for other members; only for service accounts",
        List.of());
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "NOT_FOUND", message, List.of());
  }

  static ApiError internal() {
    return new ApiError(500, "INTERNAL_SERVER_ERROR", "Internal Error", List.of());
  }

  ApiReply toReply(String procedure) {
    ObjectNode body = MAPPER.createObjectNode().put("message", message).put("code", code);
    if (status == 400) {
      body.putObject("data").put("code", code).put("httpStatus", status).put("path", procedure);
    }
    ArrayNode arr = body.putArray("issues");
    for (Issue i : issues) {
      ObjectNode n = arr.addObject();
      if (status == 400 && i.code() != null) {
        n.put("code", i.code());
      }
      n.put("message", i.message());
      if (status == 400) {
        ArrayNode path = n.putArray("path");
        i.path().forEach(path::add);
      }
    }
    return ApiReply.json(status, body.toString());
  }

  /** Thrown by the emulator's service layer; the handler renders it. */
  static final class Failure extends RuntimeException {
    final ApiError error;

    Failure(ApiError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  Failure fail() {
    return new Failure(this);
  }
}
