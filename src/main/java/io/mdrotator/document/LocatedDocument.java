package io.mdrotator.document;

import java.util.Collections;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A parsed YAML document with the location of every value and every mapping key, addressed by
 * JSON Pointer. Lookups fall back to the nearest enclosing node, so every answer has a location.
 */
public final class LocatedDocument {
  private final JsonNode root;
  private final Map<String, Location> values;
  private final Map<String, Location> keys;

  /**
   * Takes ownership of the two maps (the reader builds them for this document only): wrapping
   * instead of copying saves copying ~60,000 entries per parse of a 10,000-slot policy.
   */
  LocatedDocument(JsonNode root, Map<String, Location> values, Map<String, Location> keys) {
    this.root = root;
    this.values = Collections.unmodifiableMap(values);
    this.keys = Collections.unmodifiableMap(keys);
  }

  /** The same locations over another tree (a pruned copy of this one, see {@link SchemaPruner}). */
  LocatedDocument withRoot(JsonNode other) {
    return new LocatedDocument(other, values, keys);
  }

  public JsonNode root() {
    return root;
  }

  /** Where the value at {@code pointer} starts (or its nearest existing ancestor). */
  public Location valueAt(String pointer) {
    String p = pointer;
    while (true) {
      Location l = values.get(p);
      if (l != null) {
        return l;
      }
      if (p.isEmpty()) {
        return Location.START;
      }
      p = Pointers.parent(p);
    }
  }

  /** Where the key naming the value at {@code pointer} is written; the value's location otherwise. */
  public Location keyAt(String pointer) {
    Location l = keys.get(pointer);
    return l != null ? l : valueAt(pointer);
  }

  public boolean has(String pointer) {
    return values.containsKey(pointer);
  }
}
