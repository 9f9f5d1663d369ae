package io.mdrotator.document;

/** JSON Pointer helpers and the dotted form ({@code accounts[0].slots[1].ttl}) used in messages. */
public final class Pointers {
  private Pointers() {}

  public static String child(String pointer, String key) {
    return pointer + "/" + escape(key);
  }

  /** A mapping key as one pointer segment: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  /** The pointer of a path whose segments are mapping keys (String) or list indexes (Integer). */
  static String of(java.util.List<Object> path) {
    StringBuilder p = new StringBuilder();
    for (Object segment : path) {
      p.append('/').append(segment instanceof String key ? escape(key) : segment);
    }
    return p.toString();
  }

  public static String parent(String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? "" : pointer.substring(0, slash);
  }

  /** {@code /accounts/0/slots/1/ttl} becomes {@code accounts[0].slots[1].ttl}; root is {@code (root)}. */
  public static String dotted(String pointer) {
    if (pointer.isEmpty()) {
      return "(root)";
    }
    StringBuilder out = new StringBuilder();
    for (String raw : pointer.substring(1).split("/", -1)) {
      String part = raw.replace("~1", "/").replace("~0", "~");
      if (!part.isEmpty() && part.chars().allMatch(Character::isDigit) && out.length() > 0) {
        out.append('[').append(part).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(part);
      }
    }
    return out.toString();
  }
}
