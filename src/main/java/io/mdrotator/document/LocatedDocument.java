package io.mdrotator.document;

import tools.jackson.databind.JsonNode;

/**
 * A parsed YAML document with the location of every value and every mapping key, addressed by
 * JSON Pointer. Lookups fall back to the nearest enclosing node, so every answer has a location.
 * The locations are a {@link LocationTree} (a pointer is resolved only when asked: a 10,000-slot
 * policy has ~60,000 nodes and a valid one asks for none).
 */
public final class LocatedDocument {
  private final JsonNode root;
  private final LocationTree locations;
  private final boolean hugeNumbers;

  /**
   * Takes ownership of {@code locations} (the reader builds it for this document only); {@code
   * hugeNumbers}: whether the reader met a number {@link HugeNumbers} reports.
   */
  LocatedDocument(JsonNode root, LocationTree locations, boolean hugeNumbers) {
    this.root = root;
    this.locations = locations;
    this.hugeNumbers = hugeNumbers;
  }

  /** The same locations over another tree (a pruned copy of this one, see {@link SchemaPruner}). */
  LocatedDocument withRoot(JsonNode other) {
    return new LocatedDocument(other, locations, hugeNumbers);
  }

  /**
   * False when no number of the tree is too large for {@link HugeNumbers} (so no walk is needed to
   * find them): a pruned copy holds a subset of the numbers the reader met.
   */
  boolean mayHoldHugeNumbers() {
    return hugeNumbers;
  }

  public JsonNode root() {
    return root;
  }

  /** Where the value at {@code pointer} starts (or its nearest existing ancestor). */
  public Location valueAt(String pointer) {
    String p = pointer;
    while (true) {
      LocationTree l = locations.find(p);
      if (l != null) {
        return l.value();
      }
      if (p.isEmpty()) {
        return Location.START;
      }
      p = Pointers.parent(p);
    }
  }

  /** Where the key naming the value at {@code pointer} is written; the value's location otherwise. */
  public Location keyAt(String pointer) {
    LocationTree l = locations.find(pointer);
    return l != null && l.key() != null ? l.key() : valueAt(pointer);
  }

  public boolean has(String pointer) {
    return locations.find(pointer) != null;
  }
}
