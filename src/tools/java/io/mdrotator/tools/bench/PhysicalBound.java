package io.mdrotator.tools.bench;

import java.time.Duration;

/**
 * The least wall time a fleet catch-up can take: each rotation is a chain of sequential round
 * trips, so N rotations at concurrency C take at least N × (MotherDuck round trips × their
 * latency + Vault round trips × theirs) / C. A client rate limit of R MotherDuck requests per
 * second adds a second floor, N × MotherDuck round trips / R; the bound is the larger of the two.
 * CPU time is deliberately left out: what the bound measures is how close the implementation comes
 * to pure waiting.
 */
public final class PhysicalBound {
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

  public static double ratio(Duration wall, Duration bound) {
    return bound.isZero() ? Double.NaN : (double) wall.toNanos() / bound.toNanos();
  }
}
