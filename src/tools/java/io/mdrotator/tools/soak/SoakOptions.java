package io.mdrotator.tools.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one soak run does.
 *
 * @param duration how long the daemon runs with faults on (the drain comes after it)
 * @param slots token slots in the policy (two per account)
 * @param faultRate share of calls failed inside a fault window (0 turns faults off)
 * @param seed seed of the fault schedule and the emulators' fault dice
 * @param ttl token TTL of every slot (seconds-scale so that many rotations happen per minute)
 * @param grace grace period before a superseded token is revoked
 * @param maxTokensPerSlot most live managed tokens a slot may have at once (see {@link #DEFAULT_MAX_TOKENS})
 * @param sampleEvery interval of heap, RSS and thread samples
 * @param maxHeapMib most heap in use after a GC that any sample may show
 * @param maxNoLiveToken longest time any slot may serve no live token outside fault windows (see
 *     {@link LivenessGaps}); default {@link #DEFAULT_MAX_NO_LIVE_TOKEN}
 * @param out directory for the run's report and logs ({@code target/soak/<timestamp>})
 */
public record SoakOptions(
    Duration duration,
    int slots,
    double faultRate,
    long seed,
    Duration ttl,
    Duration grace,
    int maxTokensPerSlot,
    Duration sampleEvery,
    long maxHeapMib,
    Duration maxNoLiveToken,
    Path out) {
  /**
   * Served token, the replacement being minted, one superseded token inside its grace period, and
   * one token of a failed rotation waiting for its revocation at the next attempt.
   */
  public static final int DEFAULT_MAX_TOKENS = 4;

  /**
   * The recovery objective (docs/rotation-protocol.md section 5): once the backends answer, a slot serves a live token again
   * within 30 s. The soak fails when a slot goes longer than this without one outside fault windows.
   */
  public static final Duration DEFAULT_MAX_NO_LIVE_TOKEN = Duration.ofSeconds(30);

  /** The options with the default liveness bound {@link #DEFAULT_MAX_NO_LIVE_TOKEN}. */
  public SoakOptions(Duration duration, int slots, double faultRate, long seed, Duration ttl, Duration grace,
      int maxTokensPerSlot, Duration sampleEvery, long maxHeapMib, Path out) {
    this(duration, slots, faultRate, seed, ttl, grace, maxTokensPerSlot, sampleEvery, maxHeapMib,
        DEFAULT_MAX_NO_LIVE_TOKEN, out);
  }

  public SoakOptions {
    Objects.requireNonNull(out, "out");
    positive("duration", duration);
    positive("ttl", ttl);
    positive("sampleEvery", sampleEvery);
    positive("maxNoLiveToken", maxNoLiveToken);
    Objects.requireNonNull(grace, "grace");
    if (slots < 1 || slots > 2000) {
      throw new IllegalArgumentException("--slots must be 1..2000, was " + slots);
    }
    if (!(faultRate >= 0 && faultRate <= 1)) {
      throw new IllegalArgumentException("--fault-rate must be in [0, 1], was " + faultRate);
    }
    if (grace.isNegative() || grace.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException("--grace must be in [0, ttl), was " + grace);
    }
    if (ttl.toSeconds() < 4) {
      throw new IllegalArgumentException("--ttl must be at least 4s, was " + ttl);
    }
    if (maxTokensPerSlot < 2) {
      throw new IllegalArgumentException("--max-tokens-per-slot must be at least 2, was " + maxTokensPerSlot);
    }
    if (maxHeapMib < 16) {
      throw new IllegalArgumentException("--max-heap must be at least 16 MiB, was " + maxHeapMib);
    }
  }

  /** The final drain: faults off, the daemon keeps running until no orphan is left or this passes. */
  public Duration drainBound() {
    Duration twice = grace.multipliedBy(2).plusSeconds(10);
    return twice.compareTo(ttl) > 0 ? twice : ttl;
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
