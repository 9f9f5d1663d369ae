package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of a slot for {@code md-rotator plan}: what Vault serves, when it will be
 * rotated, pending revocations, orphans and unmanaged tokens, and the actions due at {@code at}.
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
    Instant nextWakeUp) {

  /** A superseded token and when it is revoked. */
  public record PendingRevocation(String tokenId, Instant revokeAfter) {}

  public SlotReport {
    pendingRevocations = List.copyOf(pendingRevocations);
    orphanTokenIds = List.copyOf(orphanTokenIds);
    unmanagedTokenIds = List.copyOf(unmanagedTokenIds);
    dueNow = List.copyOf(dueNow);
  }
}
