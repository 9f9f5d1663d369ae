package io.mdrotator.vault;

import io.github.jopenlibs.vault.rest.RestResponse;
import java.util.Locale;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of Vault's replies, parsed once with Jackson: the checks every reply we read passes
 * before a field is looked at. A reply that fails them is a {@link VaultMalformedReplyException}
 * naming the status, the content type and the body's size, never the body (it may hold a secret).
 */
final class JsonReplies {
  /**
   * Property names are not canonicalized: a state document's keys embed rotation and token ids, so
   * every reply brings new names, and a shared symbol table grew with each one (lookups and
   * merges that were a sixth of the Vault emulator's CPU with the same setting in a catch-up).
   */
  static final JsonMapper JSON = JsonMapper.builder(
      JsonFactory.builder().disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES).build()).build();
  private static final String MEDIA_TYPE = "application/json";

  private JsonReplies() {}

  /**
   * The body as a JSON object, when the reply says {@code Content-Type: application/json} (any
   * parameters) and the body parses as an object; else a {@link VaultMalformedReplyException}.
   */
  static JsonNode object(RestResponse r, String operation, String path) {
    String type = r.getMimeType() == null ? "" : r.getMimeType();
    if (!type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
      throw malformed(r, operation, path, "not the documented JSON (expected " + MEDIA_TYPE + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(r.getBody() == null ? new byte[0] : r.getBody());
    } catch (RuntimeException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw malformed(r, operation, path, "not JSON, or not a JSON object");
    }
    return root;
  }

  /** {@code root.<name>} when it is an object, else a malformed reply saying it is missing. */
  static JsonNode requireObject(JsonNode root, String name, RestResponse r, String operation, String path) {
    JsonNode n = root.path(name);
    if (!n.isObject()) {
      throw malformed(r, operation, path, "no '" + name + "' object");
    }
    return n;
  }

  static VaultMalformedReplyException malformed(RestResponse r, String operation, String path, String what) {
    int size = r.getBody() == null ? 0 : r.getBody().length;
    return new VaultMalformedReplyException(operation, path, "HTTP " + r.getStatus() + " with Content-Type '"
        + printable(r.getMimeType()) + "', " + size + " bytes: " + what);
  }

  /** A header value as sent, cut to 80 characters, control characters replaced. */
  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
