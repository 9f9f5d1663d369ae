package io.mdrotator.emulator.vault;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** JSON encoding for the emulator: bodies in, replies out. */
final class JsonBodies {
  /**
   * Property names are not canonicalized: KV data written by md-rotator has keys that embed
   * rotation and token ids, and a shared symbol table grew with every new one (its lookups were a
   * sixth of this emulator's CPU in a fleet catch-up).
   */
  private static final ObjectMapper MAPPER = JsonMapper.builder(
      JsonFactory.builder().disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES).build()).build();

  private JsonBodies() {}

  /** The request body as a map; an empty body is an empty map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String body) {
    if (body == null || body.isBlank()) {
      return Map.of();
    }
    try {
      Object v = MAPPER.readValue(body, Object.class);
      if (v instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
      throw new BadRequest("failed to parse JSON input: not an object");
    } catch (JacksonException e) {
      throw new BadRequest("failed to parse JSON input: " + e.getOriginalMessage());
    }
  }

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** A malformed request; answered with 400 and this message. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
