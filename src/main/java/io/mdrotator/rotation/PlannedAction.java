package io.mdrotator.rotation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One step the planner asks the engine to perform now, in list order. */
public sealed interface PlannedAction {

  /** Why a rotation is due; {@link #label()} is the audit log's and the metrics' name. */
  enum RotateReason {
    MISSING_IN_VAULT("served_token_missing_in_vault"),
    NOT_LISTED("served_token_revoked_externally"),
    EXPIRED("served_token_expired"),
    TYPE_CHANGED("token_type_changed"),
    DUE("due"),
    RETRY("retry"),
    FORCED("forced");

    private final String label;

    RotateReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The served token came from intent {@code rotationId}: record its predecessor as superseded. */
  record CompleteIntent(String rotationId, String tokenId, Optional<String> replacesTokenId)
      implements PlannedAction {}

  /** Intent {@code rotationId} is over (its token is revoked or never existed): forget it. */
  record DropIntent(String rotationId) implements PlannedAction {}

  /** The superseded token's grace period has passed. */
  record RevokeSuperseded(String tokenId) implements PlannedAction {}

  /** A superseded entry whose token is gone (or is served again): forget it, revoke nothing. */
  record ForgetSuperseded(String tokenId) implements PlannedAction {}

  /** A managed token of this slot that is neither served, superseded nor in flight. */
  record RevokeOrphan(String tokenId, String tokenName) implements PlannedAction {}

  /** Tokens on the account md-rotator did not mint (ids only). */
  record ReportUnmanaged(List<String> tokenIds) implements PlannedAction {
    public ReportUnmanaged {
      tokenIds = List.copyOf(tokenIds);
    }
  }

  /** An unmanaged token, revoked because the account policy says {@code REVOKE}. */
  record RevokeUnmanaged(String tokenId) implements PlannedAction {}

  /** Mint, store, verify and supersede. */
  record Rotate(RotateReason reason) implements PlannedAction {}

  /**
   * The slot is retired: record (or re-date) the retirement in the state document, the intent that
   * comes before any retirement step. Minting has stopped; the served token stays until {@code
   * revokeAfter}.
   */
  record RecordRetirement(Instant recordedAt, Instant revokeAfter) implements PlannedAction {}

  /** The slot is back in service: forget its retirement record. */
  record CancelRetirement() implements PlannedAction {}

  /** The retirement deadline has passed: revoke a token md-rotator manages for the slot. */
  record RevokeRetired(String tokenId) implements PlannedAction {}

  /**
   * Delete the slot's Vault secret once its tokens are revoked: soft delete of the latest version,
   * or with {@code destroy} every version and the key's metadata.
   */
  record DeleteSecret(boolean destroy) implements PlannedAction {}

  /** Remove the state document, the retirement record with it: the retirement's last step. */
  record DeleteState() implements PlannedAction {}
}
