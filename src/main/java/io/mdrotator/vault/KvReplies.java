package io.mdrotator.vault;

import io.github.jopenlibs.vault.rest.RestResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses KV v2 replies (raw {@link RestResponse}s of the driver's REST layer) once, with Jackson,
 * into {@link KvVersion} and {@link KvMetadata}, and writes the body of a check-and-set write.
 */
final class KvReplies {
  /**
   * Property names are not canonicalized: a state document's keys embed rotation and token ids, so
   * every reply brings new names, and a shared symbol table grew with each one (lookups and
   * merges that were a sixth of the Vault emulator's CPU with the same setting in a catch-up).
   */
  private static final JsonMapper JSON = JsonMapper.builder(
      JsonFactory.builder().disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES).build()).build();

  private KvReplies() {}

  /**
   * The reply body as a JSON object with a {@code data} object, or a {@link VaultStoreException}
   * with status 0: an unparseable reply is treated like no reply (retried for reads, resolved by
   * re-reading for writes).
   */
  static JsonNode wellFormed(RestResponse r, String operation, String path) {
    JsonNode root;
    try {
      root = JSON.readTree(r.getBody() == null ? new byte[0] : r.getBody());
    } catch (RuntimeException e) {
      root = null;
    }
    if (root == null || !root.isObject() || !root.path("data").isObject()) {
      throw new VaultStoreException(operation, path, 0,
          "no usable reply: HTTP " + r.getStatus() + " body is not the documented JSON", null);
    }
    return root;
  }

  /** A data read's version: fields as strings (non-string JSON values as their JSON text, like the driver). */
  static KvVersion version(JsonNode root) {
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
    return new KvVersion(
        meta.path("version").isIntegralNumber() ? meta.path("version").longValue() : 0,
        KvData.of(fields),
        created.isEmpty() ? Instant.EPOCH : Instant.parse(created),
        custom.isObject() ? stringMap(custom) : Map.of());
  }

  /**
   * A check-and-set write reply's {@code data.version}; a reply without one is no usable reply
   * (status 0), like a malformed body.
   */
  static long writtenVersion(RestResponse r, String operation, String path) {
    JsonNode v = wellFormed(r, operation, path).path("data").path("version");
    if (!v.isIntegralNumber() || v.longValue() < 1) {
      throw new VaultStoreException(operation, path, 0, "no usable reply: HTTP " + r.getStatus() + " without a version", null);
    }
    return v.longValue();
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
