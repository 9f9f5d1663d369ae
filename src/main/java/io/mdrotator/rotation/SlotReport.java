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
 * {@code setDucklings}: this slot applies the account's Ducklings and they differ or are not set).
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
    boolean setDucklings) {

  /** A superseded token and when it is revoked. */
  public record PendingRevocation(String tokenId, Instant revokeAfter) {}

  public SlotReport {
    pendingRevocations = List.copyOf(pendingRevocations);
    orphanTokenIds = List.copyOf(orphanTokenIds);
    unmanagedTokenIds = List.copyOf(unmanagedTokenIds);
    dueNow = List.copyOf(dueNow);
  }
}
