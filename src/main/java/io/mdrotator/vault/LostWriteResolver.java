package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a check-and-set write whose reply was lost (or unusable) by reading the key back: a
 * write is never repeated, so the outcome must be found out rather than retried.
 */
final class LostWriteResolver {
  // logged under the store's name, where operators already look for Vault write outcomes
  private static final Logger LOG = LoggerFactory.getLogger(VaultKvStore.class);

  private final KvStore reads;
  private final KvPaths paths;

  LostWriteResolver(KvStore reads, KvPaths paths) {
    this.reads = reads;
    this.paths = paths;
  }

  /**
   * The write may or may not have been applied. Version {@code expected + 1} holding exactly our
   * data means it was; another value there means another writer won; no new version means the
   * write did not happen, and the original failure is rethrown (the caller decides, with CAS).
   */
  CasResult resolve(String path, KvData data, long expected, VaultStoreException original) {
    LOG.warn("Vault write-cas of '{}' got no usable reply ({}); re-reading to resolve", paths.full(path), original.getMessage());
    long current;
    Optional<KvVersion> ours;
    try {
      current = reads.readMetadata(path).map(KvMetadata::currentVersion).orElse(0L);
      ours = current > expected ? reads.readVersion(path, expected + 1) : Optional.empty();
    } catch (VaultStoreException e) {
      original.addSuppressed(e);
      throw original;
    }
    if (current <= expected) {
      throw original;
    }
    if (ours.isPresent() && ours.get().data().equals(data)) {
      LOG.info("Vault write-cas of '{}' was applied as version {} despite the lost reply", paths.full(path), expected + 1);
      return new CasResult.Written(expected + 1, ours.get().createdTime());
    }
    return new CasResult.Conflict(expected, current);
  }
}
