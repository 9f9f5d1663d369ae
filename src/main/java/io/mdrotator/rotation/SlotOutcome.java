package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Result of one {@code reconcile} or {@code rotateNow} of a slot. {@code failure}'s message never
 * carries a secret; {@code nextRotation} is when the next rotation (or retry) is planned, {@code nextWakeUp} when the
 * slot should be looked at again (rotation, revocation, in-flight bound or periodic resync).
 */
public record SlotOutcome(
    SlotId slot,
    Status status,
    Optional<String> servedTokenId,
    Optional<Instant> servedExpiresAt,
    Optional<String> rotatedTokenId,
    List<String> revokedTokenIds,
    int unmanagedTokens,
    int consecutiveFailures,
    Optional<Instant> nextRotation,
    Instant nextWakeUp,
    Optional<RuntimeException> failure) {

  /** OK: nothing was due or everything due succeeded; ROTATED: a new token is served. */
  public enum Status {
    OK,
    ROTATED,
    FAILED
  }

  public SlotOutcome {
    revokedTokenIds = List.copyOf(revokedTokenIds);
  }

  public boolean failed() {
    return status == Status.FAILED;
  }
}
