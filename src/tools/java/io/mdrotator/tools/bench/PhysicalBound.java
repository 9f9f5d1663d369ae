package io.mdrotator.tools.bench;

import java.time.Duration;

/**
 * The least wall time a fleet catch-up can take: each rotation is a chain of sequential round
 * trips, so N rotations at concurrency C take at least N × (MotherDuck round trips × their
 * latency + Vault round trips × theirs) / C. A client rate limit of R MotherDuck requests per
 * second adds a second floor, N × MotherDuck round trips / R; the bound is the larger of the two.
 * CPU time is deliberately left out: what the bound measures is how close the implementation comes
 * to pure waiting.
 *
 * <p>Two sets of round trips are used: the counts measured during the pass (the implementation's
 * own floor), and the fixed minimum of the crash-safe protocol ({@link #minimal}), which does not
 * move when the implementation adds or removes a request.
 */
public final class PhysicalBound {
  /** MotherDuck round trips of one rotation in a pass: create; plus one listing per account. */
  public static final int MIN_MD_PER_ROTATION = 1;
  public static final int MIN_MD_PER_ACCOUNT = 1;
  /**
   * Vault round trips of one rotation: read the state document, read the served secret, write the
   * intent, store with check-and-set (its reply is the verification), write the completion
   * ({@code docs/rotation-protocol.md}, "Round trips").
   */
  public static final int MIN_VAULT_PER_ROTATION = 5;

  private PhysicalBound() {}

  public static Duration latencyBound(int n, int concurrency, double mdRoundTrips, Duration mdLatency,
      double vaultRoundTrips, Duration vaultLatency) {
    double perRotationNanos = mdRoundTrips * mdLatency.toNanos() + vaultRoundTrips * vaultLatency.toNanos();
    return Duration.ofNanos((long) (n * perRotationNanos / concurrency));
  }

  /** {@code rate} 0 means no limit (zero). */
  public static Duration rateBound(int n, double mdRoundTrips, double rate) {
    return rate <= 0 ? Duration.ZERO : Duration.ofNanos((long) (n * mdRoundTrips / rate * 1e9));
  }

  /** The larger of the latency and the rate bound. */
  public static Duration bound(int n, int concurrency, double mdRoundTrips, Duration mdLatency,
      double vaultRoundTrips, Duration vaultLatency, double rate) {
    Duration latency = latencyBound(n, concurrency, mdRoundTrips, mdLatency, vaultRoundTrips, vaultLatency);
    Duration rated = rateBound(n, mdRoundTrips, rate);
    return rated.compareTo(latency) > 0 ? rated : latency;
  }

  /** MotherDuck round trips per rotation of the minimal protocol, with {@code perAccount} slots per account. */
  public static double minimalMotherDuckPerRotation(int perAccount) {
    return MIN_MD_PER_ROTATION + (double) MIN_MD_PER_ACCOUNT / perAccount;
  }

  /** The bound with the minimal protocol's round trips instead of the measured ones. */
  public static Duration minimal(int n, int perAccount, int concurrency, Duration mdLatency, Duration vaultLatency,
      double rate) {
    return bound(n, concurrency, minimalMotherDuckPerRotation(perAccount), mdLatency, MIN_VAULT_PER_ROTATION,
        vaultLatency, rate);
  }

  public static double ratio(Duration wall, Duration bound) {
    return bound.isZero() ? Double.NaN : (double) wall.toNanos() / bound.toNanos();
  }
}
