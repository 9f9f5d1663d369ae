package io.mdrotator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenRequest;
import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.secret.Secret;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON mapping of the Admin API bodies. Lenient where peers saw variation (numbers as floats,
 * {@code expire_at} null/empty/absent = never, empty bodies), strict where a field is required.
 * Parse failures throw {@link MalformedReplyException} describing the field, never the content.
 */
final class WireFormat {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final int MAX_MEDIA_TYPE = 80;
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");

  private WireFormat() {}

  static String createUserBody(String username) {
    return MAPPER.createObjectNode().put("username", username).toString();
  }

  static String createTokenBody(TokenRequest request) {
    ObjectNode body = MAPPER.createObjectNode().put("name", request.name());
    request.ttl().ifPresent(ttl -> body.put("ttl", Math.max(1, ttl.toSeconds())));
    body.put("token_type", request.type().wire());
    return body.toString();
  }

  /** The full PUT body; a cooldown is never sent with {@code pulse}. */
  static String setDucklingsBody(DucklingConfig config) {
    ObjectNode rw = MAPPER.createObjectNode().put("instance_size", config.readWrite().instanceSize().wire());
    cooldown(rw, config.readWrite().instanceSize(), config.readWrite().cooldownSeconds());
    DucklingConfig.ReadScaling s = config.readScaling();
    ObjectNode rs =
        MAPPER.createObjectNode().put("instance_size", s.instanceSize().wire()).put("flock_size", s.flockSize());
    cooldown(rs, s.instanceSize(), s.cooldownSeconds());
    ObjectNode inner = MAPPER.createObjectNode();
    inner.set("read_write", rw);
    inner.set("read_scaling", rs);
    ObjectNode outer = MAPPER.createObjectNode();
    outer.set("config", inner);
    return outer.toString();
  }

  private static void cooldown(ObjectNode node, InstanceSize size, Optional<Integer> seconds) {
    if (size != InstanceSize.PULSE) {
      seconds.ifPresent(c -> node.put("cooldown_seconds", c));
    }
  }

  /**
   * A non-empty body must not be declared as something other than JSON (an HTML page of a proxy, a
   * text error of a gateway): {@code application/json} and {@code application/*+json} pass, and so
   * does a reply without {@code Content-Type} (peers saw bare bodies). The declared type is quoted
   * only when it is a plain media type, at most {@value #MAX_MEDIA_TYPE} characters.
   */
  static void requireJson(String contentType, String body) {
    if (body == null || body.isBlank() || contentType == null || contentType.isBlank()) {
      return;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"))) {
      return;
    }
    boolean printable = media.length() <= MAX_MEDIA_TYPE && MEDIA_TYPE.matcher(media).matches();
    throw new MalformedReplyException("content type " + (printable ? "'" + media + "'" : "(not shown)")
        + " is not JSON");
  }

  /** Parses a body; an empty body reads as {@code {}}. */
  static JsonNode tree(String body) {
    if (body == null || body.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      // The parser's message can quote body text (a secret), so only its location is kept.
      var loc = e.getLocation();
      throw new MalformedReplyException(
          "invalid JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
    }
  }

  static String username(String body, String fallback) {
    JsonNode n = tree(body).path("username");
    return n.isString() && !n.stringValue().isEmpty() ? n.stringValue() : fallback;
  }

  static List<TokenInfo> tokenList(String body) {
    JsonNode tokens = object(tree(body), "reply").path("tokens");
    if (!tokens.isArray()) {
      throw new MalformedReplyException("field 'tokens' is missing or not an array");
    }
    List<TokenInfo> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      out.add(tokenInfo(object(tokens.get(i), "tokens[" + i + "]"), "tokens[" + i + "]."));
    }
    return out;
  }

  static IssuedToken issuedToken(String body) {
    JsonNode n = object(tree(body), "reply");
    String secret = requiredString(n, "token", "");
    return new IssuedToken(tokenInfo(n, ""), Secret.of(secret));
  }

  static TokenInfo tokenInfo(JsonNode n, String at) {
    String id = requiredString(n, "id", at);
    TokenType type = tokenType(n, at);
    JsonNode ro = n.path("read_only");
    boolean readOnly = ro.isBoolean() ? ro.booleanValue() : type == TokenType.READ_SCALING;
    return new TokenInfo(
        id,
        n.path("name").isString() ? n.path("name").stringValue() : "",
        type,
        instant(requiredString(n, "created_ts", at), at + "created_ts"),
        expireAt(n.path("expire_at"), at),
        readOnly);
  }

  private static TokenType tokenType(JsonNode n, String at) {
    JsonNode t = n.path("token_type");
    if (t.isMissingNode() || t.isNull()) {
      return TokenType.READ_WRITE;
    }
    try {
      return TokenType.fromWire(t.asString());
    } catch (IllegalArgumentException e) {
      throw new MalformedReplyException("field '" + at + "token_type' has an unknown value");
    }
  }

  private static Optional<Instant> expireAt(JsonNode n, String at) {
    if (n.isMissingNode() || n.isNull() || (n.isString() && n.stringValue().isBlank())) {
      return Optional.empty();
    }
    if (!n.isString()) {
      throw new MalformedReplyException("field '" + at + "expire_at' is not a string");
    }
    return Optional.of(instant(n.stringValue(), at + "expire_at"));
  }

  static DucklingConfig ducklings(String body) {
    JsonNode n = object(tree(body), "reply");
    JsonNode rw = object(n.path("read_write"), "read_write");
    JsonNode rs = object(n.path("read_scaling"), "read_scaling");
    return new DucklingConfig(
        new DucklingConfig.ReadWrite(size(rw, "read_write"), optionalInt(rw, "cooldown_seconds", "read_write")),
        new DucklingConfig.ReadScaling(
            size(rs, "read_scaling"),
            requiredInt(rs, "flock_size", "read_scaling"),
            optionalInt(rs, "cooldown_seconds", "read_scaling")));
  }

  private static InstanceSize size(JsonNode n, String at) {
    try {
      return InstanceSize.fromWire(requiredString(n, "instance_size", at + "."));
    } catch (IllegalArgumentException e) {
      throw new MalformedReplyException("field '" + at + ".instance_size' has an unknown value");
    }
  }

  private static JsonNode object(JsonNode n, String what) {
    if (!n.isObject()) {
      throw new MalformedReplyException("'" + what + "' is not a JSON object");
    }
    return n;
  }

  private static String requiredString(JsonNode n, String field, String at) {
    JsonNode v = n.path(field);
    if (!v.isString() || v.stringValue().isEmpty()) {
      throw new MalformedReplyException("field '" + at + field + "' is missing or not a string");
    }
    return v.stringValue();
  }

  private static int requiredInt(JsonNode n, String field, String at) {
    return optionalInt(n, field, at)
        .orElseThrow(() -> new MalformedReplyException("field '" + at + "." + field + "' is missing"));
  }

  /** Numbers may arrive as floats ({@code 4.0}); they must be whole. */
  private static Optional<Integer> optionalInt(JsonNode n, String field, String at) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || Math.abs(v.asDouble()) > Integer.MAX_VALUE) {
      throw new MalformedReplyException("field '" + at + "." + field + "' is not a whole number");
    }
    return Optional.of((int) v.asDouble());
  }

  private static Instant instant(String text, String field) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new MalformedReplyException("field '" + field + "' is not an RFC 3339 timestamp");
    }
  }
}
