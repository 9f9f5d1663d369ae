package io.mdrotator.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A slot marked for retirement ({@code retire} in the policy): md-rotator stops minting, keeps
 * serving the current token for {@code gracePeriod} from the moment it records the retirement, then
 * revokes every token it manages for the slot and deletes the slot's Vault secret (soft delete of
 * the latest version; with {@code destroy}, every version and the key's metadata) and its state
 * document.
 */
public record Retirement(Duration gracePeriod, boolean destroy) {
  /** Default retirement grace: a working day's deploys to switch consumers off. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  public Retirement {
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("retirement grace period must not be negative: " + gracePeriod);
    }
  }

  /** Retirement at once (the {@code retire --now} command): no grace. */
  public static Retirement now(boolean destroy) {
    return new Retirement(Duration.ZERO, destroy);
  }
}
