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

  /**
   * Soft-deletes the latest version ({@code DELETE data/}, Vault capability {@code delete} on the
   * data path): a read of the latest then finds nothing, and {@code vault kv undelete} restores it.
   * Never touches other versions; a no-op when the key is absent or its latest version already
   * deleted or destroyed.
   */
  void softDeleteLatest(String path);

  /**
   * Permanently removes the key: every version and its metadata ({@code DELETE metadata/}, Vault
   * capability {@code delete} on the metadata path). Nothing can be restored; a no-op when the key
   * does not exist. A later write starts again at version 1 (check-and-set base 0).
   */
  void destroyAll(String path);
}
