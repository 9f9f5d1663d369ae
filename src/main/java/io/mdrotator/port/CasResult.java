package io.mdrotator.port;

import java.time.Instant;
import java.util.Objects;

/** Outcome of a check-and-set write: written with its new version, or lost to another writer. */
public sealed interface CasResult {
  /**
   * The write created {@code version} at {@code createdTime} (Vault's {@code created_time} of that
   * version, as its write reply or a read-back reported it). A check-and-set write is accepted only
   * while the key's current version is the expected one, so this reply alone proves that {@code
   * version} holds exactly the data written and was the latest version when written.
   */
  record Written(long version, Instant createdTime) implements CasResult {
    public Written {
      Objects.requireNonNull(createdTime, "createdTime");
    }
  }

  /**
   * The key's current version was not the expected one. {@code currentVersion} is the version read
   * after the conflict (0 when the key has none).
   */
  record Conflict(long expectedVersion, long currentVersion) implements CasResult {}
}
