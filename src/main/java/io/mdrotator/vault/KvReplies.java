package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvVersion;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses KV v2 replies (raw {@link RestResponse}s of the driver's REST layer) once, with Jackson,
 * into {@link KvVersion} and {@link KvMetadata}, and writes the body of a check-and-set write.
 */
final class KvReplies {
  private static final JsonMapper JSON = JsonReplies.JSON;

  private KvReplies() {}

  /**
   * The reply body as a JSON object with a {@code data} object, or a
   * {@link VaultMalformedReplyException} (status 0): an unusable reply is treated like no reply
   * (retried for reads, resolved by re-reading for writes).
   */
  static JsonNode wellFormed(RestResponse r, String operation, String path) {
    JsonNode root = JsonReplies.object(r, operation, path);
    JsonReplies.requireObject(root, "data", r, operation, path);
    return root;
  }

  /**
   * A data read's version: fields as strings (non-string JSON values as their JSON text, like the
   * driver); a {@code created_time} that is not an RFC 3339 instant is a malformed reply.
   */
  static KvVersion version(JsonNode root, String operation, String path) {
    JsonNode data = root.path("data");
    JsonNode meta = data.path("metadata");
    Map<String, String> fields = new LinkedHashMap<>();
    JsonNode values = data.path("data");
    if (values.isObject()) {
      for (Map.Entry<String, JsonNode> e : values.properties()) {
        fields.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString());
      }
    }
    String created = meta.path("created_time").isString() ? meta.path("created_time").stringValue() : "";
    JsonNode custom = meta.path("custom_metadata");
    Instant createdAt;
    try {
      createdAt = created.isEmpty() ? Instant.EPOCH : Instant.parse(created);
    } catch (DateTimeParseException e) {
      throw new VaultMalformedReplyException(operation, path, "metadata.created_time is not an RFC 3339 instant");
    }
    return new KvVersion(
        meta.path("version").isIntegralNumber() ? meta.path("version").longValue() : 0,
        KvData.of(fields),
        createdAt,
        custom.isObject() ? stringMap(custom) : Map.of());
  }

  /**
   * A check-and-set write reply's {@code data.version} and {@code data.created_time}; a reply
   * without a version of at least 1 or without an RFC 3339 {@code created_time} is a malformed
   * reply (status 0), like an unparseable body.
   */
  static CasResult.Written written(RestResponse r, String operation, String path) {
    JsonNode data = wellFormed(r, operation, path).path("data");
    JsonNode v = data.path("version");
    if (!v.isIntegralNumber() || v.longValue() < 1) {
      throw JsonReplies.malformed(r, operation, path, "no 'data.version' of at least 1");
    }
    JsonNode created = data.path("created_time");
    try {
      return new CasResult.Written(v.longValue(), Instant.parse(created.isString() ? created.stringValue() : ""));
    } catch (DateTimeParseException e) {
      throw JsonReplies.malformed(r, operation, path, "no RFC 3339 'data.created_time'");
    }
  }

  /** {@code {"data": {...}, "options": {"cas": expectedVersion}}} as UTF-8. */
  static byte[] casBody(KvData data, long expectedVersion) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode fields = body.putObject("data");
    data.revealAll().forEach(fields::put);
    body.putObject("options").put("cas", expectedVersion);
    return JSON.writeValueAsBytes(body);
  }

  private static Map<String, String> stringMap(JsonNode o) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      out.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString());
    }
    return out;
  }

  /** A metadata read's {@code data}: versions, limits and {@code custom_metadata}. */
  static KvMetadata metadata(JsonNode root) {
    JsonNode d = root.path("data");
    JsonNode custom = d.path("custom_metadata");
    return new KvMetadata(
        d.path("current_version").isIntegralNumber() ? d.path("current_version").longValue() : 0,
        d.path("oldest_version").isIntegralNumber() ? d.path("oldest_version").longValue() : 0,
        d.path("max_versions").isIntegralNumber() ? d.path("max_versions").intValue() : 0,
        d.path("cas_required").isBoolean() && d.path("cas_required").booleanValue(),
        custom.isObject() ? stringMap(custom) : Map.of());
  }
}
