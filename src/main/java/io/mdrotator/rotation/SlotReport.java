package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of a slot for {@code md-rotator plan}: what Vault serves and whether consumers get
 * a live token, when it will be rotated, pending revocations, orphans and unmanaged tokens, the
 * actions due at {@code at}, and the account-level steps a run would take first ({@code
 * createAccount}: MotherDuck does not know the account and the policy says {@code ensureExists};
 * {@code setDucklings}: this slot applies the account's Ducklings and they differ or are not set),
 * and for a slot the policy retires its {@link Retiring} view.
 */
public record SlotReport(
    SlotId slot,
    Instant at,
    Optional<String> servedTokenId,
    Optional<Long> servedVaultVersion,
    Optional<Instant> servedExpiresAt,
    Optional<Instant> nextRotation,
    List<PendingRevocation> pendingRevocations,
    List<String> orphanTokenIds,
    List<String> unmanagedTokenIds,
    List<PlannedAction> dueNow,
    Instant nextWakeUp,
    Liveness liveness,
    boolean createAccount,
    boolean setDucklings,
    Optional<Retiring> retirement) {

  /** A superseded token and when it is revoked. */
  public record PendingRevocation(String tokenId, Instant revokeAfter) {}

  /**
   * A slot the policy retires: when its retirement was recorded (empty: not yet, the next run
   * records it), when its tokens are revoked and its secret and state deleted (empty: nothing is
   * left, the retirement is complete), and whether the secret is destroyed rather than soft-deleted.
   */
  public record Retiring(Optional<Instant> recordedAt, Optional<Instant> revokeAfter, boolean destroy) {}

  public SlotReport {
    pendingRevocations = List.copyOf(pendingRevocations);
    orphanTokenIds = List.copyOf(orphanTokenIds);
    unmanagedTokenIds = List.copyOf(unmanagedTokenIds);
    dueNow = List.copyOf(dueNow);
  }
}
