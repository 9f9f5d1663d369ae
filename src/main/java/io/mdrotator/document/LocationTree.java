package io.mdrotator.document;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where one YAML value was written, and (for a mapping entry) its key, with the same for every
 * value under it: a tree shaped like the document, so the reader records a location per node
 * without building a JSON Pointer string per node. A pointer is resolved only when a location is
 * asked for (a problem is reported), by walking its segments.
 *
 * <p>Contract: {@link #find} answers exactly what a map from every node's canonical pointer
 * ({@link Pointers#child}) to its node would answer: a segment matches a mapping key when it is
 * that key's escaped form, and a list item when it is the item's index written in decimal without
 * leading zeros. Built by one thread, then read-only (the lazy key index is published safely).
 */
final class LocationTree {
  /** Mappings with more entries than this get a hash index on first lookup, not a scan. */
  private static final int SCAN_LIMIT = 16;

  /* Lines and columns as written by the parser (made a Location, which clamps them, when asked);
   * keyLine is 0 when there is no key. Plain ints: a large policy has ~60,000 of these nodes. */
  private final int valueLine;
  private final int valueColumn;
  private final int keyLine;
  private final int keyColumn;
  /** The keys of a mapping's entries as written (escaped only when looked up), or null for a list or a scalar. */
  private String[] names;
  private LocationTree[] children;
  private int size;
  private volatile Map<String, LocationTree> index;

  private LocationTree(int valueLine, int valueColumn, int keyLine, int keyColumn, boolean mapping) {
    this.valueLine = valueLine;
    this.valueColumn = valueColumn;
    this.keyLine = keyLine;
    this.keyColumn = keyColumn;
    this.names = mapping ? new String[4] : null;
  }

  /**
   * A value written at line {@code valueLine} (1-based), column {@code valueColumn}; its mapping
   * key at {@code keyLine}, {@code keyColumn} ({@code keyLine} 0 for the root and list items);
   * {@code mapping}: whether entries (not items) will be added.
   */
  static LocationTree of(int valueLine, int valueColumn, int keyLine, int keyColumn, boolean mapping) {
    return new LocationTree(valueLine, valueColumn, keyLine, keyColumn, mapping);
  }

  Location value() {
    return new Location(valueLine, valueColumn);
  }

  /** Where the key of this mapping entry is written; null for the root and list items. */
  Location key() {
    return keyLine == 0 ? null : new Location(keyLine, keyColumn);
  }

  /** Adds the entry {@code name} (unescaped) of this mapping. */
  void addEntry(String name, LocationTree child) {
    grow();
    names[size] = name;
    children[size++] = child;
  }

  /** Adds the next item of this list. */
  void addItem(LocationTree child) {
    grow();
    children[size++] = child;
  }

  private void grow() {
    if (children == null) {
      children = new LocationTree[4];
    } else if (size == children.length) {
      children = Arrays.copyOf(children, size * 2);
      if (names != null) {
        names = Arrays.copyOf(names, size * 2);
      }
    }
  }

  /** The node at {@code pointer}, or null when the document has no value there. */
  LocationTree find(String pointer) {
    if (pointer.isEmpty()) {
      return this;
    }
    if (pointer.charAt(0) != '/') {
      return null;
    }
    LocationTree n = this;
    int start = 1;
    while (n != null) {
      int slash = pointer.indexOf('/', start);
      String segment = slash < 0 ? pointer.substring(start) : pointer.substring(start, slash);
      n = n.child(segment);
      if (slash < 0) {
        return n;
      }
      start = slash + 1;
    }
    return null;
  }

  private LocationTree child(String segment) {
    if (names != null) {
      return size > SCAN_LIMIT ? index().get(segment) : scan(segment);
    }
    int i = index(segment);
    return i >= 0 && i < size ? children[i] : null;
  }

  private LocationTree scan(String escaped) {
    for (int i = 0; i < size; i++) {
      if (Pointers.escape(names[i]).equals(escaped)) {
        return children[i];
      }
    }
    return null;
  }

  private Map<String, LocationTree> index() {
    Map<String, LocationTree> m = index;
    if (m == null) {
      m = new HashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        m.putIfAbsent(Pointers.escape(names[i]), children[i]);
      }
      index = m;
    }
    return m;
  }

  /** {@code segment} as a list index if it is one written canonically ({@code 0}, {@code 17}), else -1. */
  private static int index(String segment) {
    int n = segment.length();
    if (n == 0 || n > 9 || (n > 1 && segment.charAt(0) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < n; i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
