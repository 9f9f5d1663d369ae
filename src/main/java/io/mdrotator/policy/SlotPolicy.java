package io.mdrotator.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the rotation core needs to know about one token slot, with defaults already applied.
 * {@code vaultPath} is the resolved KV v2 path relative to the mount (templates expanded).
 */
public record SlotPolicy(
    SlotId id,
    TokenType tokenType,
    Duration ttl,
    RenewBefore renewBefore,
    Duration gracePeriod,
    String vaultPath) {
  public SlotPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(renewBefore, "renewBefore");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    Objects.requireNonNull(vaultPath, "vaultPath");
  }
}
