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
  public static final Duration DEFAULT_IN_FLIGHT_BOUND = Duration.ofMinutes(2);
  public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(10);
  public static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(10);
  public static final Duration DEFAULT_RETRY_MIN_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_URGENT_RETRY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_DEADLINE_MARGIN = Duration.ofSeconds(30);
  public static final double DEFAULT_JITTER_FRACTION = 0.1;
  public static final double DEFAULT_MAX_LEAD_FRACTION = 0.9;

  /** Every field at its {@code DEFAULT_*} constant. */
  public static final EngineOptions DEFAULTS = builder().build();

  /** The defaults; change single fields with the {@code with*} methods or {@link #toBuilder()}. */
  public static EngineOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder()
        .statePrefix(statePrefix)
        .inFlightBound(inFlightBound)
        .resyncInterval(resyncInterval)
        .retryBase(retryBase)
        .retryMax(retryMax)
        .retryMinDelay(retryMinDelay)
        .urgentRetry(urgentRetry)
        .deadlineMargin(deadlineMargin)
        .jitterFraction(jitterFraction)
        .maxLeadFraction(maxLeadFraction);
  }

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
    return toBuilder().statePrefix(prefix).build();
  }

  public EngineOptions withInFlightBound(Duration d) {
    return toBuilder().inFlightBound(d).build();
  }

  public EngineOptions withResyncInterval(Duration d) {
    return toBuilder().resyncInterval(d).build();
  }

  public EngineOptions withRetry(Duration base, Duration max, Duration minDelay) {
    return toBuilder().retryBase(base).retryMax(max).retryMinDelay(minDelay).build();
  }

  public EngineOptions withUrgentRetry(Duration d) {
    return toBuilder().urgentRetry(d).build();
  }

  /** KV path of the state document of {@code username}'s {@code slot}. */
  public String statePath(String username, String slot) {
    return statePrefix + "/" + username + "/" + slot;
  }

  /** Named construction of {@link EngineOptions}; starts from the defaults, validated by {@link #build()}. */
  public static final class Builder {
    private String statePrefix = DEFAULT_STATE_PREFIX;
    private Duration inFlightBound = DEFAULT_IN_FLIGHT_BOUND;
    private Duration resyncInterval = DEFAULT_RESYNC_INTERVAL;
    private Duration retryBase = DEFAULT_RETRY_BASE;
    private Duration retryMax = DEFAULT_RETRY_MAX;
    private Duration retryMinDelay = DEFAULT_RETRY_MIN_DELAY;
    private Duration urgentRetry = DEFAULT_URGENT_RETRY;
    private Duration deadlineMargin = DEFAULT_DEADLINE_MARGIN;
    private double jitterFraction = DEFAULT_JITTER_FRACTION;
    private double maxLeadFraction = DEFAULT_MAX_LEAD_FRACTION;

    private Builder() {}

    public Builder statePrefix(String v) {
      statePrefix = v;
      return this;
    }

    public Builder inFlightBound(Duration v) {
      inFlightBound = v;
      return this;
    }

    public Builder resyncInterval(Duration v) {
      resyncInterval = v;
      return this;
    }

    public Builder retryBase(Duration v) {
      retryBase = v;
      return this;
    }

    public Builder retryMax(Duration v) {
      retryMax = v;
      return this;
    }

    public Builder retryMinDelay(Duration v) {
      retryMinDelay = v;
      return this;
    }

    public Builder urgentRetry(Duration v) {
      urgentRetry = v;
      return this;
    }

    public Builder deadlineMargin(Duration v) {
      deadlineMargin = v;
      return this;
    }

    public Builder jitterFraction(double v) {
      jitterFraction = v;
      return this;
    }

    public Builder maxLeadFraction(double v) {
      maxLeadFraction = v;
      return this;
    }

    /** @throws IllegalArgumentException when a value is out of range (see {@link EngineOptions}) */
    public EngineOptions build() {
      return new EngineOptions(statePrefix, inFlightBound, resyncInterval, retryBase, retryMax,
          retryMinDelay, urgentRetry, deadlineMargin, jitterFraction, maxLeadFraction);
    }
  }
}
