package io.mdrotator.rotation;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the rotation engine and planner, validated where it is built.
 *
 * @param statePrefix KV path prefix (same mount) of the per-slot state documents
 * @param inFlightBound how long an intent, or a fresh unexplained managed token, is presumed to
 *     belong to a rotation still in progress (here or in another process); after it, its token is
 *     an orphan
 * @param resyncInterval longest time between two looks at a slot, a safety net for outside changes
 * @param retryBase first retry delay after a failed rotation; doubles per consecutive failure
 * @param retryMax cap of the exponential retry delay
 * @param retryMinDelay shortest retry delay, also close to the deadline
 * @param urgentRetry longest retry delay (and longest time between two looks) while the slot is at
 *     risk: its served token is not live or is inside its renew window (jittered down to half)
 * @param deadlineMargin retries are planned to start at the latest this long before expiry
 * @param jitterFraction per-slot deterministic spread of the rotation start, as a fraction of the
 *     renew-before lead (0 to 0.5)
 * @param maxLeadFraction storm guard: rotation never starts earlier than this fraction of the
 *     token's lifetime before its expiry (0.1 to 0.95)
 */
public record EngineOptions(
    String statePrefix,
    Duration inFlightBound,
    Duration resyncInterval,
    Duration retryBase,
    Duration retryMax,
    Duration retryMinDelay,
    Duration urgentRetry,
    Duration deadlineMargin,
    double jitterFraction,
    double maxLeadFraction) {
  public static final String DEFAULT_STATE_PREFIX = "md-rotator/state";
  public static final EngineOptions DEFAULTS =
      new EngineOptions(
          DEFAULT_STATE_PREFIX,
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          Duration.ofSeconds(5),
          Duration.ofMinutes(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          0.1,
          0.9);

  public EngineOptions {
    Objects.requireNonNull(statePrefix, "statePrefix");
    if (statePrefix.isBlank() || statePrefix.startsWith("/") || statePrefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "statePrefix must be a relative KV path without a trailing '/', was '" + statePrefix + "'");
    }
    positive("inFlightBound", inFlightBound);
    positive("resyncInterval", resyncInterval);
    positive("retryBase", retryBase);
    positive("retryMax", retryMax);
    positive("retryMinDelay", retryMinDelay);
    positive("urgentRetry", urgentRetry);
    if (urgentRetry.compareTo(retryMinDelay) < 0) {
      throw new IllegalArgumentException("urgentRetry must be >= retryMinDelay, was " + urgentRetry);
    }
    Objects.requireNonNull(deadlineMargin, "deadlineMargin");
    if (deadlineMargin.isNegative()) {
      throw new IllegalArgumentException("deadlineMargin must not be negative, was " + deadlineMargin);
    }
    if (retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("retryMax must be >= retryBase, was " + retryMax);
    }
    if (!(jitterFraction >= 0 && jitterFraction <= 0.5)) {
      throw new IllegalArgumentException("jitterFraction must be in [0, 0.5], was " + jitterFraction);
    }
    if (!(maxLeadFraction >= 0.1 && maxLeadFraction <= 0.95)) {
      throw new IllegalArgumentException(
          "maxLeadFraction must be in [0.1, 0.95], was " + maxLeadFraction);
    }
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  public EngineOptions withStatePrefix(String prefix) {
    return new EngineOptions(prefix, inFlightBound, resyncInterval, retryBase, retryMax,
        retryMinDelay, urgentRetry, deadlineMargin, jitterFraction, maxLeadFraction);
  }

  public EngineOptions withInFlightBound(Duration d) {
    return new EngineOptions(statePrefix, d, resyncInterval, retryBase, retryMax,
        retryMinDelay, urgentRetry, deadlineMargin, jitterFraction, maxLeadFraction);
  }

  public EngineOptions withResyncInterval(Duration d) {
    return new EngineOptions(statePrefix, inFlightBound, d, retryBase, retryMax,
        retryMinDelay, urgentRetry, deadlineMargin, jitterFraction, maxLeadFraction);
  }

  public EngineOptions withRetry(Duration base, Duration max, Duration minDelay) {
    return new EngineOptions(statePrefix, inFlightBound, resyncInterval, base, max,
        minDelay, urgentRetry, deadlineMargin, jitterFraction, maxLeadFraction);
  }

  public EngineOptions withUrgentRetry(Duration d) {
    return new EngineOptions(statePrefix, inFlightBound, resyncInterval, retryBase, retryMax,
        retryMinDelay, d, deadlineMargin, jitterFraction, maxLeadFraction);
  }

  /** KV path of the state document of {@code username}'s {@code slot}. */
  public String statePath(String username, String slot) {
    return statePrefix + "/" + username + "/" + slot;
  }
}
