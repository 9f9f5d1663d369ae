package io.mdrotator.port;

import java.util.Map;
import java.util.Optional;

/**
 * A KV version 2 secrets engine mount (Vault's KV v2 API: data, metadata, check-and-set). Paths are
 * relative to the mount, e.g. {@code motherduck/etl_service/rw}.
 *
 * <p>Expected outcomes are values (missing key: empty; CAS mismatch: {@link CasResult.Conflict});
 * failures throw a {@link VaultStoreException} subclass that names the operation and path.
 */
public interface KvStore {

  /** Latest version; empty when the key has no readable version (absent, deleted, destroyed). */
  Optional<KvVersion> readLatest(String path);

  /** A given version; empty when it does not exist, was trimmed, deleted or destroyed. */
  Optional<KvVersion> readVersion(String path, long version);

  /**
   * Writes a new version with check-and-set: {@code expectedVersion} must equal the key's current
   * version (0 = the key must have no versions yet). A write whose reply was lost is resolved by
   * re-reading, never by retrying blindly.
   */
  CasResult writeCas(String path, KvData data, long expectedVersion);

  /** Key metadata; empty when the key does not exist. */
  Optional<KvMetadata> readMetadata(String path);

  /**
   * Replaces the key's {@code custom_metadata} (Vault limits: at most 64 keys, key 1..128 chars,
   * value 1..512 chars). Creates the metadata entry if the key does not exist yet.
   */
  void writeCustomMetadata(String path, Map<String, String> customMetadata);

  /** Soft-deletes the latest version (recoverable with undelete); never wipes other versions. */
  void softDeleteLatest(String path);

  /**
   * Destroys the key: every version and its metadata ({@code DELETE metadata/}), not recoverable.
   * A key that does not exist is not an error.
   */
  void destroyAll(String path);
}
