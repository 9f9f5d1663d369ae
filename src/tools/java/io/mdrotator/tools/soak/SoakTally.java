package io.mdrotator.tools.soak;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationFailedException;
import io.mdrotator.rotation.RotationListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the daemon's events during a soak: rotations, revocations by reason, failed attempts. */
final class SoakTally implements RotationListener {
  private final AtomicLong rotations = new AtomicLong();
  private final AtomicLong revocations = new AtomicLong();
  private final AtomicLong failedRevocations = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong casLost = new AtomicLong();
  private final java.util.Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> revokedBy = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failuresBy = new ConcurrentHashMap<>();

  @Override
  public void rotationSucceeded(SlotId slot, String rotationId, Duration took) {
    rotations.incrementAndGet();
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    if (success) {
      revoked.add(tokenId);
      revocations.incrementAndGet();
      revokedBy.computeIfAbsent(reason.label(), k -> new AtomicLong()).incrementAndGet();
    } else {
      failedRevocations.incrementAndGet();
    }
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int consecutiveFailures,
      Instant nextAttempt, Optional<Instant> deadline) {
    failures.incrementAndGet();
    failuresBy.computeIfAbsent(kind(cause), k -> new AtomicLong()).incrementAndGet();
  }

  /** {@code rotation/<step>} for a failed rotation step, else the exception's class (never its message). */
  static String kind(Throwable cause) {
    return cause instanceof RotationFailedException r ? "rotation/" + r.step() : cause.getClass().getSimpleName();
  }

  @Override
  public void casLost(SlotId slot, String rotationId, String tokenId) {
    casLost.incrementAndGet();
  }

  /** Ids of the tokens the daemon revoked (or found already gone). */
  java.util.Set<String> revokedIds() {
    return java.util.Set.copyOf(revoked);
  }

  SoakReport.Counts counts() {
    return new SoakReport.Counts(rotations.get(), revocations.get(), failedRevocations.get(), failures.get(),
        casLost.get(), snapshot(revokedBy), snapshot(failuresBy));
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
