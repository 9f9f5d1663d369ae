package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import io.mdrotator.rotation.RetirementEvent;
import io.mdrotator.rotation.RotationListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans engine events out to several listeners in order; a listener that throws is logged and does
 * not stop the others or reach the engine (the contract says listeners never throw).
 */
public final class CompositeRotationListener implements RotationListener {
  private static final Logger log = LoggerFactory.getLogger(CompositeRotationListener.class);
  private final List<RotationListener> listeners;

  public CompositeRotationListener(List<RotationListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(String event, Consumer<RotationListener> call) {
    for (RotationListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.error("rotation listener {} failed on {}", l.getClass().getSimpleName(), event, e);
      }
    }
  }

  @Override
  public void servedTokenLiveness(SlotId slot, Liveness liveness) {
    each("servedTokenLiveness", l -> l.servedTokenLiveness(slot, liveness));
  }

  @Override
  public void rotationStarting(SlotId slot, RotateReason reason, Optional<String> servedTokenId) {
    each("rotationStarting", l -> l.rotationStarting(slot, reason, servedTokenId));
  }

  @Override
  public void ducklingsChecked(String username, DucklingStatus status, Optional<Throwable> failure,
      Optional<Instant> nextAttempt) {
    each("ducklingsChecked", l -> l.ducklingsChecked(username, status, failure, nextAttempt));
  }

  @Override
  public void recoverySweep(String backend, int slots) {
    each("recoverySweep", l -> l.recoverySweep(backend, slots));
  }

  @Override
  public void servedTokenLost(SlotId slot, String tokenId, Liveness.State state) {
    each("servedTokenLost", l -> l.servedTokenLost(slot, tokenId, state));
  }

  @Override
  public void slotObserved(SlotId slot, String tokenType, Optional<Instant> servedTokenExpiry,
      Optional<Instant> nextRotation, int managedTokens, int unmanagedTokensOnAccount) {
    each("slotObserved", l -> l.slotObserved(slot, tokenType, servedTokenExpiry, nextRotation,
        managedTokens, unmanagedTokensOnAccount));
  }

  @Override
  public void slotForgotten(SlotId slot) {
    each("slotForgotten", l -> l.slotForgotten(slot));
  }

  @Override
  public void intentRecorded(SlotId slot, String rotationId, Instant at) {
    each("intentRecorded", l -> l.intentRecorded(slot, rotationId, at));
  }

  @Override
  public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
    each("minted", l -> l.minted(slot, rotationId, tokenId, expiresAt));
  }

  @Override
  public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
    each("stored", l -> l.stored(slot, rotationId, tokenId, vaultVersion));
  }

  @Override
  public void verified(SlotId slot, String rotationId, String tokenId) {
    each("verified", l -> l.verified(slot, rotationId, tokenId));
  }

  @Override
  public void superseded(SlotId slot, String rotationId, String oldTokenId, Instant revokeAt) {
    each("superseded", l -> l.superseded(slot, rotationId, oldTokenId, revokeAt));
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    each("revoked", l -> l.revoked(slot, tokenId, reason, success));
  }

  @Override
  public void rotationSucceeded(SlotId slot, String rotationId, Duration took) {
    each("rotationSucceeded", l -> l.rotationSucceeded(slot, rotationId, took));
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int consecutiveFailures,
      Instant nextAttempt, Optional<Instant> deadline) {
    each("rotationFailed", l -> l.rotationFailed(slot, rotationId, cause, consecutiveFailures, nextAttempt, deadline));
  }

  @Override
  public void casLost(SlotId slot, String rotationId, String tokenId) {
    each("casLost", l -> l.casLost(slot, rotationId, tokenId));
  }

  @Override
  public void accountDeleted(String username, boolean existed) {
    each("accountDeleted", l -> l.accountDeleted(username, existed));
  }

  @Override
  public void vaultKeyDeleted(String username, String path, boolean destroyed) {
    each("vaultKeyDeleted", l -> l.vaultKeyDeleted(username, path, destroyed));
  }

  @Override
  public void tokenAdopted(SlotId slot, String tokenId, String sourcePath, boolean moved) {
    each("tokenAdopted", l -> l.tokenAdopted(slot, tokenId, sourcePath, moved));
  }

  @Override
  public void retirementStep(SlotId slot, RetirementEvent event) {
    each("retirementStep", l -> l.retirementStep(slot, event));
  }
}
