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

  /** A run of {@code slot} that ended in {@code failure}: status FAILED, nothing served, rotated or revoked. */
  public static Builder failedWith(SlotId slot, RuntimeException failure) {
    Builder b = new Builder(slot);
    b.failure = Optional.of(failure);
    return b;
  }

  /** A run of {@code slot} that did what was due: status ROTATED once {@link Builder#rotated} names a token, else OK. */
  public static Builder succeeded(SlotId slot) {
    return new Builder(slot);
  }

  /** Named construction of a {@link SlotOutcome}; the status follows from the failure and the rotated token. */
  public static final class Builder {
    private final SlotId slot;
    private Optional<String> servedTokenId = Optional.empty();
    private Optional<Instant> servedExpiresAt = Optional.empty();
    private Optional<String> rotatedTokenId = Optional.empty();
    private List<String> revokedTokenIds = List.of();
    private int unmanagedTokens;
    private int consecutiveFailures;
    private Optional<Instant> nextRotation = Optional.empty();
    private Instant nextWakeUp;
    private Optional<RuntimeException> failure = Optional.empty();

    private Builder(SlotId slot) {
      this.slot = slot;
    }

    public Builder served(Optional<String> tokenId, Optional<Instant> expiresAt) {
      servedTokenId = tokenId;
      servedExpiresAt = expiresAt;
      return this;
    }

    public Builder servedExpiresAt(Optional<Instant> expiresAt) {
      servedExpiresAt = expiresAt;
      return this;
    }

    public Builder rotated(Optional<String> tokenId) {
      rotatedTokenId = tokenId;
      return this;
    }

    public Builder revoked(List<String> tokenIds) {
      revokedTokenIds = tokenIds;
      return this;
    }

    public Builder unmanagedTokens(int count) {
      unmanagedTokens = count;
      return this;
    }

    public Builder consecutiveFailures(int count) {
      consecutiveFailures = count;
      return this;
    }

    public Builder nextRotation(Optional<Instant> at) {
      nextRotation = at;
      return this;
    }

    public Builder nextWakeUp(Instant at) {
      nextWakeUp = at;
      return this;
    }

    public SlotOutcome build() {
      Status status = failure.isPresent() ? Status.FAILED
          : rotatedTokenId.isPresent() ? Status.ROTATED : Status.OK;
      return new SlotOutcome(slot, status, servedTokenId, servedExpiresAt, rotatedTokenId, revokedTokenIds,
          unmanagedTokens, consecutiveFailures, nextRotation, nextWakeUp, failure);
    }
  }
}
