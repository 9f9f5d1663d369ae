package io.mdrotator.rotation;

import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import io.mdrotator.port.KvData;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a {@link SlotState} to KV fields: {@code schema}, {@code intent.<rotationId>}, {@code
 * superseded.<tokenId>} and, for a slot being retired, {@code retirement}; each value a small JSON
 * object of strings.
 */
final class StateCodec {
  static final String SCHEMA = "1";
  private static final String INTENT = "intent.";
  private static final String SUPERSEDED = "superseded.";
  private static final String RETIREMENT = "retirement";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private StateCodec() {}

  static KvData encode(SlotState s) {
    KvData.Builder b = KvData.builder().put("schema", SCHEMA);
    for (Intent i : s.intents().values()) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("tokenName", i.tokenName());
      m.put("startedAt", i.startedAt().toString());
      i.replacesTokenId().ifPresent(r -> m.put("replacesTokenId", r));
      b.put(INTENT + i.rotationId(), JSON.writeValueAsString(m));
    }
    for (Superseded x : s.superseded().values()) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("supersededAt", x.supersededAt().toString());
      m.put("revokeAfter", x.revokeAfter().toString());
      b.put(SUPERSEDED + x.tokenId(), JSON.writeValueAsString(m));
    }
    s.retirement().ifPresent(r -> {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("recordedAt", r.recordedAt().toString());
      m.put("revokeAfter", r.revokeAfter().toString());
      b.put(RETIREMENT, JSON.writeValueAsString(m));
    });
    return b.build();
  }

  /** Decodes; a malformed document is an error naming the path and field, never guessed at. */
  static SlotState decode(String path, long version, KvData data) {
    SlotState s = SlotState.EMPTY.atVersion(version);
    for (String key : data.keys()) {
      String value = data.get(key).orElseThrow();
      try {
        if (key.startsWith(INTENT)) {
          Map<String, String> m = JSON.readValue(value, MAP);
          s = s.withIntent(new Intent(key.substring(INTENT.length()), req(m, "tokenName"),
              Instant.parse(req(m, "startedAt")), Optional.ofNullable(m.get("replacesTokenId"))));
        } else if (key.startsWith(SUPERSEDED)) {
          Map<String, String> m = JSON.readValue(value, MAP);
          s = s.withSuperseded(new Superseded(key.substring(SUPERSEDED.length()),
              Instant.parse(req(m, "supersededAt")), Instant.parse(req(m, "revokeAfter"))));
        } else if (key.equals(RETIREMENT)) {
          Map<String, String> m = JSON.readValue(value, MAP);
          s = s.withRetirement(Optional.of(new SlotState.RetirementRecord(
              Instant.parse(req(m, "recordedAt")), Instant.parse(req(m, "revokeAfter")))));
        }
      } catch (RuntimeException e) { // JacksonException included
        throw new IllegalStateException(
            "malformed state document '" + path + "' v" + version + ", field '" + key + "'", e);
      }
    }
    return s;
  }

  private static String req(Map<String, String> m, String field) {
    String v = m.get(field);
    if (v == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v;
  }
}
