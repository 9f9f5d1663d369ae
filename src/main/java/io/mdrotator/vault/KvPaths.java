package io.mdrotator.vault;

import java.util.Objects;

/** The API paths of a key on one KV v2 mount: {@code <mount>/data/<key>}, {@code metadata/}. */
final class KvPaths {
  private final String mount;

  KvPaths(String mount) {
    this.mount = mount;
  }

  /** The key's name as messages and logs show it: {@code <mount>/<key>}. */
  String full(String path) {
    return mount + "/" + clean(path);
  }

  String data(String path) {
    return mount + "/data/" + clean(path);
  }

  String metadata(String path) {
    return mount + "/metadata/" + clean(path);
  }

  /** The key without leading or trailing slashes; an empty key is refused. */
  static String clean(String path) {
    Objects.requireNonNull(path, "path");
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    String p = path.substring(from, to); // not replaceAll: it compiled two regexes per request
    if (p.isEmpty()) {
      throw new IllegalArgumentException("empty KV path");
    }
    return p;
  }
}
