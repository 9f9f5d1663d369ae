package io.mdrotator.observability;

import io.mdrotator.rotation.FailureReason;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One slot's metric values, read by {@link SlotSeries} at scrape time; a token-type change replaces
 * it (new series, counters from zero). The expiry keeps the last known expiry of the served token:
 * an observation without one (the token expired or was revoked and is no longer listed) leaves it.
 */
final class SlotValues {
  private static final int SUCCEEDED = 0;
  private static final int FAILED = 1;
  private static final int CAS_LOST = 2;
  private static final int REVOKED = 3; // then 2 per reason: success, failure

  final SlotKey key;
  final Labels slotLabels;
  final Labels typedLabels;
  volatile double expiry = Double.NaN;
  volatile double live = Double.NaN;
  volatile double nextRotation = Double.NaN;
  volatile double lastSuccess = Double.NaN;
  volatile double consecutiveFailures = 0;
  volatile double managedTokens = Double.NaN;
  private final AtomicLongArray counts = new AtomicLongArray(REVOKED + 2 * RevocationReason.values().length);
  private final AtomicLongArray failures = new AtomicLongArray(FailureReason.values().length);

  SlotValues(SlotKey key) {
    this.key = key;
    this.slotLabels = Labels.of("account", key.slot().username(), "slot", key.slot().slot());
    this.typedLabels = slotLabels.add("token_type", key.tokenType());
  }

  void succeeded(Instant at) {
    counts.incrementAndGet(SUCCEEDED);
    consecutiveFailures = 0;
    lastSuccess = SlotSeries.seconds(at);
  }

  void failed(int consecutive, FailureReason reason) {
    counts.incrementAndGet(FAILED);
    failures.incrementAndGet(reason.ordinal());
    consecutiveFailures = consecutive;
  }

  void casLost() {
    counts.incrementAndGet(CAS_LOST);
  }

  void revoked(RevocationReason reason, boolean success) {
    counts.incrementAndGet(revokedIndex(reason, success));
  }

  /** An empty {@code servedExpiry} keeps the last known one: a dead token's expiry stays visible. */
  void observed(Optional<Instant> servedExpiry, Optional<Instant> next, int managed) {
    servedExpiry.ifPresent(e -> expiry = SlotSeries.seconds(e));
    nextRotation = next.map(SlotSeries::seconds).orElse(Double.NaN);
    managedTokens = managed;
  }

  /** {@link Liveness.State#UNKNOWN} keeps the previous live value; a known expiry is taken. */
  void liveness(Liveness l) {
    l.expiresAt().ifPresent(e -> expiry = SlotSeries.seconds(e));
    if (l.state() != Liveness.State.UNKNOWN) {
      live = l.live() ? 1 : 0;
    }
  }

  long succeededCount() {
    return counts.get(SUCCEEDED);
  }

  long failedCount() {
    return counts.get(FAILED);
  }

  long casLostCount() {
    return counts.get(CAS_LOST);
  }

  long revokedCount(RevocationReason reason, boolean success) {
    return counts.get(revokedIndex(reason, success));
  }

  long failureCount(FailureReason reason) {
    return failures.get(reason.ordinal());
  }

  private static int revokedIndex(RevocationReason reason, boolean success) {
    return REVOKED + 2 * reason.ordinal() + (success ? 0 : 1);
  }
}
