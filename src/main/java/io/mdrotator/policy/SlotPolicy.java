package io.mdrotator.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the rotation core needs to know about one token slot, with defaults already applied.
 * {@code vaultPath} is the resolved KV v2 path relative to the mount (templates expanded);
 * {@code retirement} is present when the policy marks the slot (or its account) retired.
 */
public record SlotPolicy(
    SlotId id,
    TokenType tokenType,
    Duration ttl,
    RenewBefore renewBefore,
    Duration gracePeriod,
    String vaultPath,
    Optional<Retirement> retirement) {
  public SlotPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(renewBefore, "renewBefore");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    Objects.requireNonNull(vaultPath, "vaultPath");
    Objects.requireNonNull(retirement, "retirement");
  }

  /** A slot in service (not retired). */
  public SlotPolicy(SlotId id, TokenType tokenType, Duration ttl, RenewBefore renewBefore,
      Duration gracePeriod, String vaultPath) {
    this(id, tokenType, ttl, renewBefore, gracePeriod, vaultPath, Optional.empty());
  }

  /** Whether the policy retires the slot. */
  public boolean retired() {
    return retirement.isPresent();
  }

  /** The same slot with {@code r} as its retirement. */
  public SlotPolicy retiredAs(Retirement r) {
    return new SlotPolicy(id, tokenType, ttl, renewBefore, gracePeriod, vaultPath, Optional.of(r));
  }
}
