package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.FailureReason;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import io.mdrotator.rotation.RetirementEvent;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit trail: one JSON object per state change on logger {@value #LOGGER_NAME} (route it to
 * its own file with {@link LoggingSetup}). Events carry ids and times, never a secret; a failure's
 * cause is its chain of classes and masked messages ({@link FailureText}) with a bounded {@code
 * reason} ({@link FailureReason}). Slot events carry {@code account} and {@code slot}; account and
 * daemon events have {@code slot} null ({@code account} too for daemon events). Never throws.
 */
public final class AuditLog implements RotationListener {
  public static final String LOGGER_NAME = "md-rotator.audit";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Logger logger;
  private final Clock clock;

  public AuditLog(Clock clock) {
    this(LoggerFactory.getLogger(LOGGER_NAME), clock);
  }

  AuditLog(Logger logger, Clock clock) {
    this.logger = logger;
    this.clock = clock;
  }

  /**
   * An operator ran a command that changes state ({@code run}, {@code reconcile}, {@code rotate},
   * {@code delete-account}, {@code adopt}): written once, before the command acts, so the events that follow can be attributed to it.
   */
  public void commandInvoked(Invocation invocation) {
    ObjectNode o = event("command_invoked", null, null)
        .put("command", invocation.command())
        .put("user", invocation.user())
        .put("host", invocation.host())
        .put("pid", invocation.pid());
    tools.jackson.databind.node.ArrayNode args = o.putArray("args");
    invocation.args().forEach(args::add);
    emit(o);
  }

  @Override
  public void rotationStarting(SlotId slot, RotateReason reason, Optional<String> servedTokenId) {
    emit(event("rotation_started", slot, null, null)
        .put("reason", reason.label())
        .put("replaces_token_id", servedTokenId.orElse(null)));
  }

  @Override
  public void servedTokenLost(SlotId slot, String tokenId, Liveness.State state) {
    emit(event("served_token_lost", slot, null, tokenId).put("cause", lostCause(state)));
  }

  @Override
  public void ducklingsChecked(String username, DucklingStatus status, Optional<Throwable> failure,
      Optional<Instant> nextAttempt) {
    switch (status) {
      case UPDATED -> emit(event("ducklings_updated", username, null));
      case REJECTED -> emit(ducklingFailure("ducklings_rejected", username, failure, nextAttempt));
      case FAILED -> emit(ducklingFailure("ducklings_failed", username, failure, nextAttempt));
      case IN_SYNC -> { } // nothing changed
    }
  }

  private ObjectNode ducklingFailure(String name, String username, Optional<Throwable> failure,
      Optional<Instant> nextAttempt) {
    return event(name, username, null)
        .put("reason", failure.map(f -> FailureReason.of(f).label()).orElse(null))
        .put("error", failure.map(FailureText::chain).orElse(null))
        .put("next_attempt", time(nextAttempt));
  }

  @Override
  public void recoverySweep(String backend, int slots) {
    emit(event("recovery_sweep", null, null).put("backend", backend).put("slots", slots));
  }

  @Override
  public void intentRecorded(SlotId slot, String rotationId, Instant at) {
    emit(event("intent_recorded", slot, rotationId, null).put("at", at.toString()));
  }

  @Override
  public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
    emit(event("minted", slot, rotationId, tokenId).put("expires_at", time(expiresAt)));
  }

  @Override
  public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
    emit(event("stored", slot, rotationId, tokenId).put("vault_version", vaultVersion));
  }

  @Override
  public void verified(SlotId slot, String rotationId, String tokenId) {
    emit(event("verified", slot, rotationId, tokenId));
  }

  @Override
  public void superseded(SlotId slot, String rotationId, String oldTokenId, Instant revokeAt) {
    emit(event("superseded", slot, rotationId, oldTokenId).put("revoke_at", revokeAt.toString()));
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    String name = reason == RevocationReason.ORPHAN ? "orphan_revoked" : "revoked";
    emit(event(success ? name : "revocation_failed", slot, null, tokenId).put("reason", reason.label()));
  }

  @Override
  public void rotationSucceeded(SlotId slot, String rotationId, Duration took) {
    emit(event("rotation_succeeded", slot, rotationId, null).put("took_ms", took.toMillis()));
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int consecutiveFailures,
      Instant nextAttempt, Optional<Instant> deadline) {
    emit(event("rotation_failed", slot, rotationId, null)
        .put("reason", FailureReason.of(cause).label())
        .put("step", FailureText.step(cause).orElse(null))
        .put("error", FailureText.chain(cause))
        .put("consecutive_failures", consecutiveFailures)
        .put("next_attempt", nextAttempt.toString())
        .put("deadline", time(deadline)));
  }

  @Override
  public void casLost(SlotId slot, String rotationId, String tokenId) {
    emit(event("cas_lost", slot, rotationId, tokenId));
  }

  @Override
  public void accountDeleted(String username, boolean existed) {
    emit(event("account_deleted", username, null).put("existed", existed));
  }

  @Override
  public void vaultKeyDeleted(String username, String path, boolean destroyed) {
    emit(event(destroyed ? "vault_key_destroyed" : "vault_key_deleted", username, null).put("path", path));
  }

  @Override
  public void tokenAdopted(SlotId slot, String tokenId, String sourcePath, boolean moved) {
    emit(event("token_adopted", slot, null, tokenId).put("source_path", sourcePath).put("moved", moved));
  }

  /** {@code retirement_recorded} (with {@code revoke_after}), {@code retirement_secret_deleted} ... */
  @Override
  public void retirementStep(SlotId slot, RetirementEvent e) {
    emit(event("retirement_" + e.step().label(), slot, null, null)
        .put("revoke_after", time(e.revokeAfter()))
        .put("path", e.path().orElse(null)));
  }

  /**
   * The audit {@code cause} of a served token found not live: the same names as the {@code reason}
   * of the rotation it triggers ({@code served_token_revoked_externally}, {@code served_token_expired}).
   */
  static String lostCause(Liveness.State state) {
    return switch (state) {
      case REVOKED -> RotateReason.NOT_LISTED.label();
      case EXPIRED -> RotateReason.EXPIRED.label();
      case MISSING -> RotateReason.MISSING_IN_VAULT.label();
      default -> "served_token_" + state.label();
    };
  }

  private ObjectNode event(String name, SlotId slot, String rotationId, String tokenId) {
    return event(name, slot.username(), slot.slot()).put("rotation_id", rotationId).put("token_id", tokenId);
  }

  /** An event of an account ({@code slot} null) or of the daemon ({@code account} null too). */
  private ObjectNode event(String name, String account, String slot) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ts", clock.instant().toString());
    o.put("event", name);
    o.put("account", account);
    o.put("slot", slot);
    o.putNull("rotation_id");
    o.putNull("token_id");
    return o;
  }

  private void emit(ObjectNode event) {
    try {
      logger.info(JSON.writeValueAsString(event));
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(AuditLog.class).error("audit: cannot write event {}", event.get("event"), e);
    }
  }

  private static String time(Optional<Instant> t) {
    return t.map(Instant::toString).orElse(null);
  }
}
