package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.SlotObservation.Failures;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Pure timing rules: when a token is due for rotation, and when a failed rotation is retried. */
public final class RotationTiming {
  private RotationTiming() {}

  /** A number in [0, 1) fixed per slot (and salt), to spread a fleet created at the same time. */
  static double unit(SlotId slot, int salt) {
    long h = 1125899906842597L;
    for (char c : (slot.toString() + "#" + salt).toCharArray()) {
      h = 31 * h + c;
    }
    h ^= (h >>> 33);
    h *= 0xff51afd7ed558ccdL;
    h ^= (h >>> 33);
    return (h >>> 11) * 0x1.0p-53;
  }

  /**
   * When rotation of a token living from {@code createdAt} to {@code expiresAt} starts: {@code
   * expiry - renewBefore(lifetime) - jitter}, the lead capped at {@code maxLeadFraction} of the
   * lifetime so that a renew-before close to the TTL cannot loop.
   */
  public static Instant rotationDue(
      SlotPolicy policy, Instant createdAt, Instant expiresAt, EngineOptions o) {
    Duration lifetime = Duration.between(createdAt, expiresAt);
    if (lifetime.isNegative() || lifetime.isZero()) {
      return expiresAt;
    }
    long lead = policy.renewBefore().before(lifetime).toMillis();
    long jitter = (long) (lead * o.jitterFraction() * unit(policy.id(), 0));
    long cap = (long) (lifetime.toMillis() * o.maxLeadFraction());
    return expiresAt.minusMillis(Math.min(lead + jitter, cap));
  }

  /**
   * Earliest start of the next attempt after {@code failures}: exponential from {@code retryBase}
   * capped at {@code retryMax}, or at {@code urgentRetry} when the slot is {@code atRisk} (its
   * served token is not live or is inside its renew window: consumers are without a working token
   * or soon will be, so retries never back off to minutes), then with deterministic per-slot jitter
   * in [50%, 100%]. Also capped at a quarter of the time left before {@code deadline -
   * deadlineMargin} (inside that margin: a quarter of the time left before {@code deadline}), never
   * below {@code retryMinDelay}. So retries keep fitting before the deadline and never stop while
   * the token is valid.
   */
  public static Instant nextAttempt(
      SlotId slot, Failures failures, Optional<Instant> deadline, boolean atRisk, EngineOptions o) {
    Instant last = failures.lastFailureAt().orElseThrow();
    int n = Math.max(1, failures.consecutive());
    long base = o.retryBase().toMillis() << Math.min(n - 1, 30);
    long cap = (atRisk ? o.urgentRetry() : o.retryMax()).toMillis();
    long delay = Math.min(base <= 0 ? Long.MAX_VALUE : base, cap);
    delay = (long) (delay * (0.5 + 0.5 * unit(slot, n)));
    if (deadline.isPresent()) {
      long budget = Duration.between(last, deadline.get().minus(o.deadlineMargin())).toMillis();
      if (budget <= 0) {
        // Already inside the margin (or the token lives shorter than it): what is left is the time
        // before expiry itself, and a full backoff here would retry after the token died.
        budget = Duration.between(last, deadline.get()).toMillis();
      }
      delay = Math.min(delay, Math.max(0, budget / 4));
    }
    return last.plusMillis(Math.max(delay, o.retryMinDelay().toMillis()));
  }
}
