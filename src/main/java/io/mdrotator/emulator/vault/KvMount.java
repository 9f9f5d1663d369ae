package io.mdrotator.emulator.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One KV version 2 mount (in one namespace) with Vault's semantics for data, metadata, delete,
 * undelete and destroy. All operations hold the mount's lock, which gives Vault's per-key
 * atomicity of check-and-set. {@code delete_version_after} is not emulated (always "0s").
 */
final class KvMount {
  static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";
  static final String CAS_REQUIRED = "check-and-set parameter required for this call";
  static final String CAS_PARSE = "error parsing check-and-set parameter";

  private final Clock clock;
  private final boolean mountCasRequired;
  private final int mountMaxVersions;
  private final Map<String, KvKey> keys = new TreeMap<>();

  KvMount(Clock clock, boolean casRequired, int maxVersions) {
    this.clock = clock;
    this.mountCasRequired = casRequired;
    this.mountMaxVersions = maxVersions;
  }

  synchronized VaultReply readData(String path, Map<String, String> query) {
    KvKey key = keys.get(path);
    if (key == null || key.currentVersion == 0) {
      return VaultReply.notFound();
    }
    long v = key.currentVersion;
    String q = query.get("version");
    if (q != null && !q.isEmpty()) {
      try {
        long asked = Long.parseLong(q);
        v = asked == 0 ? key.currentVersion : asked;
      } catch (NumberFormatException e) {
        return VaultReply.errors(400, "error parsing version parameter");
      }
    }
    KvKey.Version ver = key.versions.get(v);
    if (ver == null) {
      return VaultReply.notFound();
    }
    Map<String, Object> data = new LinkedHashMap<>();
    boolean hidden = ver.hidden(clock.instant());
    data.put("data", hidden ? null : ver.data);
    data.put("metadata", key.versionMetadata(v, ver));
    VaultReply ok = VaultReply.ok(data);
    return hidden ? new VaultReply(404, ok.body()) : ok;
  }

  synchronized VaultReply writeData(String path, Map<String, Object> body) {
    if (!(body.get("data") instanceof Map<?, ?> raw)) {
      return VaultReply.errors(400, "no data provided");
    }
    KvKey key = keys.get(path);
    Object options = body.get("options");
    Object casRaw = options instanceof Map<?, ?> o ? o.get("cas") : null;
    if (casRaw != null) {
      Optional<Long> cas = KvInputs.cas(casRaw);
      if (cas.isEmpty()) {
        return VaultReply.errors(400, CAS_PARSE);
      }
      long current = key == null ? 0 : key.currentVersion;
      if (cas.get() != current) {
        return VaultReply.errors(400, CAS_MISMATCH);
      }
    } else if (mountCasRequired || (key != null && key.casRequired)) {
      return VaultReply.errors(400, CAS_REQUIRED);
    }
    Instant now = clock.instant();
    if (key == null) {
      key = new KvKey(now);
      keys.put(path, key);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> data = new LinkedHashMap<>((Map<String, Object>) raw);
    long v = ++key.currentVersion;
    KvKey.Version ver = new KvKey.Version(data, now);
    key.versions.put(v, ver);
    key.updatedTime = now;
    key.trim(effectiveMaxVersions(key));
    return VaultReply.ok(key.versionMetadata(v, ver));
  }

  private int effectiveMaxVersions(KvKey key) {
    if (key.maxVersions > 0) {
      return key.maxVersions;
    }
    return mountMaxVersions > 0 ? mountMaxVersions : 10;
  }

  /** DELETE on data/: soft-deletes the latest version; a no-op when there is nothing to delete. */
  synchronized VaultReply deleteLatest(String path) {
    KvKey key = keys.get(path);
    if (key != null) {
      KvKey.Version ver = key.versions.get(key.currentVersion);
      Instant now = clock.instant();
      if (ver != null && !ver.hidden(now)) {
        ver.deletionTime = now;
      }
    }
    return VaultReply.noContent();
  }

  /** POST on delete/, undelete/ or destroy/ with {@code {"versions":[..]}}. */
  synchronized VaultReply versionsOp(String op, String path, Map<String, Object> body) {
    List<Long> versions = KvInputs.versions(body.get("versions"));
    if (versions.isEmpty()) {
      return VaultReply.errors(400, op.equals("destroy") ? "no version number provided" : "No version number provided");
    }
    KvKey key = keys.get(path);
    if (key == null) {
      return VaultReply.noContent();
    }
    Instant now = clock.instant();
    for (long n : versions) {
      KvKey.Version ver = key.versions.get(n);
      if (ver == null) {
        continue;
      }
      switch (op) {
        case "delete" -> {
          if (!ver.hidden(now)) {
            ver.deletionTime = now;
          }
        }
        case "undelete" -> {
          if (!ver.destroyed) {
            ver.deletionTime = null;
          }
        }
        default -> {
          ver.destroyed = true;
          ver.data = null;
        }
      }
    }
    return VaultReply.noContent();
  }

  synchronized VaultReply readMetadata(String path) {
    KvKey key = keys.get(path);
    return key == null ? VaultReply.notFound() : VaultReply.ok(key.metadata());
  }

  synchronized VaultReply writeMetadata(String path, Map<String, Object> body) {
    boolean hasMax = body.containsKey("max_versions");
    boolean hasCas = body.containsKey("cas_required");
    boolean hasCustom = body.containsKey("custom_metadata");
    if (!hasMax && !hasCas && !hasCustom && !body.containsKey("delete_version_after")) {
      return VaultReply.noContent();
    }
    if (hasMax && !(body.get("max_versions") instanceof Number)) {
      return VaultReply.errors(400, "error converting input for field \"max_versions\"");
    }
    if (hasCas && !(body.get("cas_required") instanceof Boolean)) {
      return VaultReply.errors(400, "error converting input for field \"cas_required\"");
    }
    Map<String, String> custom = null;
    if (hasCustom) {
      if (!(body.get("custom_metadata") instanceof Map<?, ?> raw)) {
        return VaultReply.errors(400, "custom_metadata validation failed: expected a map");
      }
      custom = new TreeMap<>();
      for (Map.Entry<?, ?> e : raw.entrySet()) {
        custom.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
      }
      Optional<String> invalid = CustomMetadataRules.validate(custom);
      if (invalid.isPresent()) {
        return VaultReply.errors(400, invalid.get());
      }
    }
    Instant now = clock.instant();
    KvKey key = keys.computeIfAbsent(path, p -> new KvKey(now));
    if (hasMax) {
      key.maxVersions = ((Number) body.get("max_versions")).intValue();
    }
    if (hasCas) {
      key.casRequired = Boolean.TRUE.equals(body.get("cas_required"));
    }
    if (hasCustom) {
      key.customMetadata = custom;
    }
    key.updatedTime = now;
    if (hasCas && mountCasRequired && !key.casRequired) {
      return VaultReply.ok(null).withWarning(
          "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.");
    }
    return VaultReply.noContent();
  }

  synchronized VaultReply deleteMetadata(String path) {
    keys.remove(path);
    return VaultReply.noContent();
  }

  synchronized VaultReply list(String prefix) {
    String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    TreeSet<String> out = new TreeSet<>();
    for (String k : keys.keySet()) {
      if (k.startsWith(p)) {
        String rest = k.substring(p.length());
        int slash = rest.indexOf('/');
        out.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    return out.isEmpty() ? VaultReply.notFound() : VaultReply.ok(Map.of("keys", new ArrayList<>(out)));
  }

  /** Whether the key has a metadata entry (written data or metadata), as KV v2's existence check asks. */
  synchronized boolean hasKey(String path) {
    return keys.containsKey(path);
  }

  // ---- test hooks ----

  synchronized Optional<Map<String, Object>> currentData(String path) {
    KvKey key = keys.get(path);
    if (key == null) {
      return Optional.empty();
    }
    KvKey.Version ver = key.versions.get(key.currentVersion);
    return ver == null || ver.hidden(clock.instant()) ? Optional.empty() : Optional.of(Map.copyOf(ver.data));
  }

  synchronized long currentVersion(String path) {
    KvKey key = keys.get(path);
    return key == null ? 0 : key.currentVersion;
  }

  synchronized int storedVersionCount(String path) {
    KvKey key = keys.get(path);
    return key == null ? 0 : key.versions.size();
  }
}
