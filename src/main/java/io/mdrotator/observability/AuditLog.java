package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
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
 * cause is reduced to its class and masked message. Never throws.
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
        .put("error", cause.getClass().getSimpleName() + ": " + SecretMasker.mask(cause.getMessage()))
        .put("consecutive_failures", consecutiveFailures)
        .put("next_attempt", nextAttempt.toString())
        .put("deadline", time(deadline)));
  }

  @Override
  public void casLost(SlotId slot, String rotationId, String tokenId) {
    emit(event("cas_lost", slot, rotationId, tokenId));
  }

  private ObjectNode event(String name, SlotId slot, String rotationId, String tokenId) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ts", clock.instant().toString());
    o.put("event", name);
    o.put("account", slot.username());
    o.put("slot", slot.slot());
    o.put("rotation_id", rotationId);
    o.put("token_id", tokenId);
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
