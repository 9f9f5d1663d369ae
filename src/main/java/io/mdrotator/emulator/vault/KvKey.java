package io.mdrotator.emulator.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** State of one KV v2 key: its metadata and the versions not yet trimmed. Guarded by its mount. */
final class KvKey {
  long currentVersion;
  long oldestVersion;
  int maxVersions;
  boolean casRequired;
  Map<String, String> customMetadata; // null until set, as in Vault
  final Instant createdTime;
  Instant updatedTime;
  final TreeMap<Long, Version> versions = new TreeMap<>();

  KvKey(Instant now) {
    this.createdTime = now;
    this.updatedTime = now;
  }

  /** One version; {@code data} is null once destroyed. */
  static final class Version {
    Map<String, Object> data;
    final Instant createdTime;
    Instant deletionTime;
    boolean destroyed;

    Version(Map<String, Object> data, Instant createdTime) {
      this.data = data;
      this.createdTime = createdTime;
    }

    boolean hidden(Instant now) {
      return destroyed || (deletionTime != null && !deletionTime.isAfter(now));
    }
  }

  Map<String, Object> versionMetadata(long v, Version ver) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("created_time", VaultReply.time(ver.createdTime));
    m.put("custom_metadata", customMetadata);
    m.put("deletion_time", VaultReply.time(ver.deletionTime));
    m.put("destroyed", ver.destroyed);
    m.put("version", v);
    return m;
  }

  Map<String, Object> metadata() {
    Map<String, Object> versionsOut = new LinkedHashMap<>();
    versions.forEach(
        (n, ver) -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("created_time", VaultReply.time(ver.createdTime));
          e.put("deletion_time", VaultReply.time(ver.deletionTime));
          e.put("destroyed", ver.destroyed);
          versionsOut.put(Long.toString(n), e);
        });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cas_required", casRequired);
    m.put("created_time", VaultReply.time(createdTime));
    m.put("current_version", currentVersion);
    m.put("custom_metadata", customMetadata);
    m.put("delete_version_after", "0s");
    m.put("max_versions", maxVersions);
    m.put("oldest_version", oldestVersion);
    m.put("updated_time", VaultReply.time(updatedTime));
    m.put("versions", versionsOut);
    return m;
  }

  /** Drops versions beyond {@code max}, oldest first, advancing {@code oldestVersion}. */
  void trim(int max) {
    long deleteBefore = currentVersion - max;
    if (deleteBefore <= 0) {
      return;
    }
    versions.headMap(deleteBefore, true).clear();
    oldestVersion = deleteBefore + 1;
  }
}
