package io.mdrotator.rotation;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory KV v2 mount: versions, CAS against current_version, custom metadata, outages. */
final class FakeKv implements KvStore {
  private final Clock clock;
  private final Map<String, List<KvVersion>> keys = new HashMap<>();
  private final Map<String, Map<String, String>> meta = new HashMap<>();
  private final java.util.Set<String> deleted = new java.util.HashSet<>();
  private int failNext;
  private String loseReplyOn;
  private String failPath;
  private int failPathCalls;
  private int failCallsAfterLostReply;
  private int failDeletes;

  FakeKv(Clock clock) {
    this.clock = clock;
  }

  /** The next {@code n} calls fail like a sealed Vault. */
  synchronized void failNextCalls(int n) {
    failNext = n;
  }

  /** The next write is applied, then its reply is lost. */
  synchronized void loseNextWriteReplyOn(String path) {
    loseReplyOn = path;
  }

  /** As {@link #loseNextWriteReplyOn(String)}, and then the next {@code n} calls on the path fail. */
  synchronized void loseNextWriteReplyOn(String path, int thenFailCalls) {
    loseReplyOn = path;
    failCallsAfterLostReply = thenFailCalls;
  }

  synchronized List<KvVersion> versions(String path) {
    return List.copyOf(keys.getOrDefault(path, List.of()));
  }

  /** The next {@code n} deletes (soft or destroy) fail like a Vault server error. */
  synchronized void failNextDeletes(int n) {
    failDeletes = n;
  }

  private void maybeFailDelete(String op, String path) {
    if (failDeletes > 0) {
      failDeletes--;
      throw new VaultStoreException(op, path, 500, "internal error", null);
    }
    maybeFail(op, path);
  }

  /** The next {@code n} calls on {@code path} fail (writes are not applied). */
  synchronized void failCallsOn(String path, int n) {
    failPath = path;
    failPathCalls = n;
  }

  private void maybeFail(String op, String path) {
    if (failPathCalls > 0 && path.equals(failPath)) {
      failPathCalls--;
      throw new VaultStoreException(op, path, 500, "internal error", null);
    }
    if (failNext > 0) {
      failNext--;
      throw new VaultStoreException(op, path, 503, "Vault is sealed", null);
    }
  }

  @Override
  public synchronized Optional<KvVersion> readLatest(String path) {
    maybeFail("read", path);
    List<KvVersion> v = keys.getOrDefault(path, List.of());
    if (v.isEmpty() || deleted.contains(path + "#" + v.size())) {
      return Optional.empty();
    }
    return Optional.of(v.get(v.size() - 1));
  }

  @Override
  public synchronized Optional<KvVersion> readVersion(String path, long version) {
    maybeFail("readVersion", path);
    return keys.getOrDefault(path, List.of()).stream().filter(v -> v.version() == version).findFirst();
  }

  @Override
  public synchronized CasResult writeCas(String path, KvData data, long expectedVersion) {
    maybeFail("write", path);
    List<KvVersion> v = keys.computeIfAbsent(path, k -> new ArrayList<>());
    long current = v.size();
    if (current != expectedVersion) {
      return new CasResult.Conflict(expectedVersion, current);
    }
    java.time.Instant created = clock.instant();
    v.add(new KvVersion(current + 1, data, created, meta.getOrDefault(path, Map.of())));
    if (path.equals(loseReplyOn)) {
      loseReplyOn = null;
      failPath = path;
      failPathCalls = failCallsAfterLostReply;
      failCallsAfterLostReply = 0;
      throw new VaultStoreException("write", path, 0, "connection reset", null);
    }
    return new CasResult.Written(current + 1, created);
  }

  @Override
  public synchronized Optional<KvMetadata> readMetadata(String path) {
    maybeFail("readMetadata", path);
    if (!keys.containsKey(path) && !meta.containsKey(path)) {
      return Optional.empty();
    }
    long current = keys.getOrDefault(path, List.of()).size();
    return Optional.of(new KvMetadata(current, current == 0 ? 0 : 1, 10, false,
        meta.getOrDefault(path, Map.of())));
  }

  @Override
  public synchronized void writeCustomMetadata(String path, Map<String, String> customMetadata) {
    maybeFail("writeMetadata", path);
    meta.put(path, Map.copyOf(customMetadata));
  }

  @Override
  public synchronized void softDeleteLatest(String path) {
    maybeFailDelete("softDelete", path);
    List<KvVersion> v = keys.get(path);
    if (v != null && !v.isEmpty()) {
      deleted.add(path + "#" + v.size());
    }
  }

  @Override
  public synchronized void destroyAll(String path) {
    maybeFailDelete("destroyAll", path);
    keys.remove(path);
    meta.remove(path);
    deleted.removeIf(d -> d.startsWith(path + "#"));
  }

  /** Whether the key has versions or metadata. */
  synchronized boolean exists(String path) {
    return keys.containsKey(path) || meta.containsKey(path);
  }

  synchronized Map<String, String> customMetadata(String path) {
    return meta.getOrDefault(path, Map.of());
  }
}
