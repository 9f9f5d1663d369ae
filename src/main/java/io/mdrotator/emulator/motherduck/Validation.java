package io.mdrotator.emulator.motherduck;

import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.policy.TokenType;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request-body validation with the API's zod-style messages; failures throw {@link ApiError.Failure}. */
final class Validation {
  static final long MAX_TTL_SECONDS = 31_536_000L;
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Pattern FIRST = Pattern.compile("^\\p{L}");
  private static final Pattern REST = Pattern.compile("^[\\p{L}\\d_]*$");

  private Validation() {}

  static JsonNode object(String body) {
    try {
      JsonNode n = MAPPER.readTree(body == null || body.isBlank() ? "null" : body);
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (JacksonException e) {
      throw ApiError.badRequest(null, "invalid_type", "Request body is not valid JSON").fail();
    }
    throw ApiError.badRequest(null, "invalid_type", "Expected object, received " + kind(body)).fail();
  }

  private static String kind(String body) {
    return body == null || body.isBlank() ? "undefined" : "non-object";
  }

  static String username(JsonNode body, int minLength) {
    JsonNode n = body.path("username");
    if (!n.isString()) {
      throw ApiError.badRequest("username", "invalid_type", "Required").fail();
    }
    String u = n.stringValue();
    int len = u.codePointCount(0, u.length());
    if (len < minLength) {
      throw ApiError.badRequest("username", "too_small",
          "String must contain at least " + minLength + " character(s)").fail();
    }
    if (len > 255) {
      throw ApiError.badRequest("username", "too_big", "String must contain at most 255 character(s)").fail();
    }
    if (!FIRST.matcher(u).find()) {
      throw ApiError.badRequest("username", "invalid_string", "Username must start with an alphabetic character").fail();
    }
    if (!REST.matcher(u).matches()) {
      throw ApiError.badRequest("username", "invalid_string",
          "Username can only contain letters, numbers, and underscores").fail();
    }
    return u;
  }

  /** The validated create-token body. */
  record TokenSpec(String name, Optional<Duration> ttl, TokenType type) {}

  static TokenSpec token(JsonNode body, long minTtlSeconds) {
    JsonNode name = body.path("name");
    if (!name.isString()) {
      throw ApiError.badRequest("name", "invalid_type", "Required").fail();
    }
    if (name.stringValue().isEmpty() || name.stringValue().length() > 255) {
      throw ApiError.badRequest("name", name.stringValue().isEmpty() ? "too_small" : "too_big",
          "String must contain between 1 and 255 character(s)").fail();
    }
    return new TokenSpec(name.stringValue(), ttl(body.path("ttl"), minTtlSeconds), tokenType(body.path("token_type")));
  }

  private static Optional<Duration> ttl(JsonNode ttl, long min) {
    if (ttl.isMissingNode() || ttl.isNull()) {
      return Optional.empty();
    }
    if (!ttl.isNumber()) {
      throw ApiError.badRequest("ttl", "invalid_type", "Expected number, received " + jsonType(ttl)).fail();
    }
    double secs = ttl.asDouble();
    if (secs < min) {
      throw ApiError.badRequest("ttl", "too_small", "Number must be greater than or equal to " + min).fail();
    }
    if (secs > MAX_TTL_SECONDS) {
      throw ApiError.badRequest("ttl", "too_big", "Number must be less than or equal to " + MAX_TTL_SECONDS).fail();
    }
    return Optional.of(Duration.ofMillis(Math.round(secs * 1000)));
  }

  private static TokenType tokenType(JsonNode t) {
    if (t.isMissingNode() || t.isNull()) {
      return TokenType.READ_WRITE;
    }
    try {
      return TokenType.fromWire(t.isString() ? t.stringValue() : "");
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("token_type", "invalid_enum_value",
          "Invalid enum value. Expected 'read_write' | 'read_scaling', received '" + t.asString() + "'").fail();
    }
  }

  static InstanceSize size(JsonNode n, String field) {
    try {
      return InstanceSize.fromWire(n.isString() ? n.stringValue() : "");
    } catch (IllegalArgumentException e) {
      if (n.isMissingNode() || n.isNull()) {
        throw ApiError.badRequest(field, "invalid_type", "Required").fail();
      }
      throw ApiError.badRequest(field, "invalid_enum_value",
          "Invalid enum value. Expected 'pulse' | 'standard' | 'jumbo' | 'mega' | 'giga', received '"
              + n.asString() + "'").fail();
    }
  }

  /** An integral number within [min, max]; empty when absent. */
  static Optional<Integer> wholeNumber(JsonNode n, String field, int min, int max, boolean required) {
    if (n.isMissingNode() || n.isNull()) {
      if (required) {
        throw ApiError.badRequest(field, "invalid_type", "Required").fail();
      }
      return Optional.empty();
    }
    if (!n.isNumber() || n.asDouble() != Math.rint(n.asDouble())) {
      throw ApiError.badRequest(field, "invalid_type", "Expected integer, received " + jsonType(n)).fail();
    }
    double v = n.asDouble();
    if (v < min) {
      throw ApiError.badRequest(field, "too_small", "Number must be greater than or equal to " + min).fail();
    }
    if (v > max) {
      throw ApiError.badRequest(field, "too_big", "Number must be less than or equal to " + max).fail();
    }
    return Optional.of((int) v);
  }

  static String jsonType(JsonNode n) {
    if (n.isString()) {
      return "string";
    }
    if (n.isNumber()) {
      return "float";
    }
    if (n.isBoolean()) {
      return "boolean";
    }
    return n.isArray() ? "array" : n.isObject() ? "object" : "null";
  }
}
