package io.mdrotator.daemon;

import io.mdrotator.port.MotherDuckAuthException;
import io.mdrotator.observability.HealthState;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.port.VaultPermissionDeniedException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Marks a target not ready when a rotation failed on authentication (401/403): request timing
 * alone cannot tell those from expected 4xx answers such as a 404 for a missing secret.
 */
record AuthFailureListener(HealthState health, Clock clock) implements RotationListener {
  @Override
  public void rotationFailed(
      SlotId slot,
      String rotationId,
      Throwable cause,
      int consecutiveFailures,
      Instant nextAttempt,
      Optional<Instant> deadline) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof MotherDuckAuthException) {
        health.targetFailed("motherduck", clock.instant(), "admin token rejected (HTTP " + ((MotherDuckAuthException) t).status() + ")");
        return;
      }
      if (t instanceof VaultPermissionDeniedException) {
        health.targetFailed("vault", clock.instant(), "permission denied");
        return;
      }
    }
  }
}
