package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Events of the rotation engine, one per state change, for metrics, audit log and the demo's
 * console. The engine calls listeners synchronously on its own thread; implementations must be fast
 * and must not throw. No event carries a secret: token ids and names only.
 */
public interface RotationListener {
  RotationListener NOOP = new RotationListener() {};

  /** Why a token was revoked. */
  enum RevocationReason {
    SUPERSEDED("superseded"),
    ORPHAN("orphan"),
    COMPROMISE("compromise"),
    UNMANAGED("unmanaged"),
    /** The slot's retirement deadline passed (or {@code retire --now}). */
    RETIRED("retired");

    private final String label;

    RevocationReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * The observed state of a slot after the engine looked at it (at start-up and after every run):
   * expiry of the token Vault serves (empty: none or never expires), next planned action time,
   * live managed tokens (1 or 2 is healthy) and unmanaged tokens on the account.
   */
  default void slotObserved(
      SlotId slot,
      String tokenType,
      Optional<Instant> servedTokenExpiry,
      Optional<Instant> nextRotation,
      int managedTokens,
      int unmanagedTokensOnAccount) {}

  /**
   * Whether the slot's consumers get a live token, after every observation and before every
   * {@code rotationFailed} (then possibly {@link Liveness.State#UNKNOWN}, with the last known token
   * id and expiry).
   */
  default void servedTokenLiveness(SlotId slot, Liveness liveness) {}

  /**
   * A rotation starts now for {@code reason} (before its intent is recorded); {@code servedTokenId}
   * is the token it replaces, if any.
   */
  default void rotationStarting(
      SlotId slot, PlannedAction.RotateReason reason, Optional<String> servedTokenId) {}

  /**
   * The account's declared Duckling configuration was checked: {@code failure} is the cause of a
   * {@code REJECTED} or {@code FAILED} status, {@code nextAttempt} when a failed one is tried again.
   */
  default void ducklingsChecked(
      String username, DucklingStatus status, Optional<Throwable> failure, Optional<Instant> nextAttempt) {}

  /**
   * {@code backend} ({@code motherduck} or {@code vault}) answers again after failing; {@code
   * slots} failing or at-risk slots are run at once.
   */
  default void recoverySweep(String backend, int slots) {}

  /**
   * The served-token liveness watch found {@code tokenId}, which Vault serves for the slot as last
   * observed, not live ({@code state} EXPIRED or REVOKED): the slot is run at once.
   */
  default void servedTokenLost(SlotId slot, String tokenId, Liveness.State state) {}

  /** A slot was removed from the policy: stop reporting it. */
  default void slotForgotten(SlotId slot) {}

  /** Intent for {@code rotationId} is durably recorded; minting comes next. */
  default void intentRecorded(SlotId slot, String rotationId, Instant at) {}

  /** MotherDuck created {@code tokenId}; its secret exists only in memory until stored. */
  default void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {}

  /** The new token was written to Vault as {@code vaultVersion}. */
  default void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {}

  /** Vault read-back and MotherDuck listing confirmed the stored token. */
  default void verified(SlotId slot, String rotationId, String tokenId) {}

  /** {@code oldTokenId} is no longer served; it is revoked at {@code revokeAt}. */
  default void superseded(SlotId slot, String rotationId, String oldTokenId, Instant revokeAt) {}

  /** A revocation finished ({@code success}) or failed. */
  default void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {}

  /** The rotation completed: minted, stored, verified. */
  default void rotationSucceeded(SlotId slot, String rotationId, Duration took) {}

  /**
   * The rotation failed; it is retried at {@code nextAttempt}. {@code deadline} is when the token
   * Vault serves expires (empty when there is none).
   */
  default void rotationFailed(
      SlotId slot,
      String rotationId,
      Throwable cause,
      int consecutiveFailures,
      Instant nextAttempt,
      Optional<Instant> deadline) {}

  /** Another writer won the Vault check-and-set; the token this engine minted was revoked. */
  default void casLost(SlotId slot, String rotationId, String tokenId) {}

  /**
   * The service account was deleted, which revokes all its tokens; {@code existed} is false when
   * MotherDuck no longer knew it (deleted before, e.g. by an interrupted earlier run).
   */
  default void accountDeleted(String username, boolean existed) {}

  /**
   * A Vault key md-rotator kept for the account (a slot's secret or state document) was deleted:
   * its latest version soft-deleted, or with {@code destroyed} every version and the metadata.
   */
  default void vaultKeyDeleted(String username, String path, boolean destroyed) {}

  /**
   * A token made by hand is now the slot's served token, copied from {@code sourcePath} (and
   * removed there when {@code moved}); it is rotated and revoked like one md-rotator minted.
   */
  default void tokenAdopted(SlotId slot, String tokenId, String sourcePath, boolean moved) {}

  /** A step of a slot's retirement is done (each is written to the audit log). */
  default void retirementStep(SlotId slot, RetirementEvent event) {}
}
