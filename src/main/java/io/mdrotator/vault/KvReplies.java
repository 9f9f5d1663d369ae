package io.mdrotator.vault;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses driver replies of KV v2 reads into {@link KvVersion} and {@link KvMetadata}. */
final class KvReplies {
  private KvReplies() {}

  /**
   * Throws unless the reply body is a JSON object with a {@code data} object: the driver swallows
   * a parse failure and hands over empty data, which would read as an empty version 0. An
   * unparseable reply is treated like no reply (status 0): retried for reads, resolved by
   * re-reading for writes.
   */
  static void requireWellFormed(LogicalResponse r, String operation, String path) {
    byte[] body = r.getRestResponse().getBody();
    boolean ok;
    try {
      JsonValue v = Json.parse(new String(body == null ? new byte[0] : body, java.nio.charset.StandardCharsets.UTF_8));
      ok = v.isObject() && v.asObject().get("data") != null && v.asObject().get("data").isObject();
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new VaultStoreException(operation, path, 0,
          "no usable reply: HTTP " + r.getRestResponse().getStatus() + " body is not the documented JSON", null);
    }
  }

  static KvVersion version(LogicalResponse r) {
    Map<String, String> meta = r.getDataMetadata().getMetadataMap();
    Long version = r.getDataMetadata().getVersion();
    String created = meta.get("created_time");
    return new KvVersion(
        version == null ? 0 : version,
        KvData.of(r.getData()),
        created == null || created.isEmpty() ? Instant.EPOCH : Instant.parse(created),
        customMetadata(meta.get("custom_metadata")));
  }

  /** The driver hands custom_metadata over as a JSON string (or nothing when null). */
  static Map<String, String> customMetadata(String json) {
    if (json == null || json.isEmpty() || json.equals("null")) {
      return Map.of();
    }
    JsonValue v = Json.parse(json);
    return v.isObject() ? stringMap(v.asObject()) : Map.of();
  }

  static KvMetadata metadata(JsonObject d) {
    JsonValue custom = d.get("custom_metadata");
    return new KvMetadata(
        d.getLong("current_version", 0),
        d.getLong("oldest_version", 0),
        d.getInt("max_versions", 0),
        d.getBoolean("cas_required", false),
        custom != null && custom.isObject() ? stringMap(custom.asObject()) : Map.of());
  }

  private static Map<String, String> stringMap(JsonObject o) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonObject.Member m : o) {
      out.put(m.getName(), m.getValue().isString() ? m.getValue().asString() : m.getValue().toString());
    }
    return out;
  }

  /** A write reply's {@code version} (the driver gives data values as strings). */
  static long writtenVersion(LogicalResponse r) {
    String v = r.getData().get("version");
    if (v == null) {
      throw new IllegalStateException("write reply has no version");
    }
    return Long.parseLong(v);
  }
}
