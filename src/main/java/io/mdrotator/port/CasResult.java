package io.mdrotator.port;

/** Outcome of a check-and-set write: written with its new version, or lost to another writer. */
public sealed interface CasResult {
  /** The write created {@code version}. */
  record Written(long version) implements CasResult {}

  /**
   * The key's current version was not the expected one. {@code currentVersion} is the version read
   * after the conflict (0 when the key has none).
   */
  record Conflict(long expectedVersion, long currentVersion) implements CasResult {}
}
