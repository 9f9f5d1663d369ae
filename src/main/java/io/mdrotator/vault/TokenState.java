package io.mdrotator.vault;

import java.time.Duration;
import java.time.Instant;

/**
 * What the daemon knows about its own Vault token: when its current lease started, when it
 * expires ({@code null} = never, e.g. a root token), whether it can be renewed, and when the last
 * renewal or re-login attempt failed ({@code null} = none since the lease started).
 */
public record TokenState(Instant leaseStart, Instant expiry, boolean renewable, Instant lastFailure) {

  public TokenState withFailure(Instant at) {
    return new TokenState(leaseStart, expiry, renewable, at);
  }

  /** Lease length, or null for a token that never expires. */
  public Duration lifetime() {
    return expiry == null ? null : Duration.between(leaseStart, expiry);
  }
}
