package io.mdrotator.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * Pace of the served-token liveness watch. It lists one account at a time, every {@link
 * #pause(int)}: the interval spread over the accounts, but never faster than {@code budgetShare} of
 * the MotherDuck client's {@code requestsPerSecond} (so the watch cannot starve rotations) nor
 * faster than {@code maxListingsPerSecond} (so its CPU cost stays bounded when the request rate is
 * raised for a large fleet's catch-up: each listing costs the daemon about 1-2 ms of CPU,
 * docs/benchmarks.md). Each account is therefore checked every {@code max(interval, accounts /
 * (budgetShare x requestsPerSecond), accounts / maxListingsPerSecond)}.
 *
 * @param interval how often each account is checked while the budget allows it
 * @param budgetShare the watch's share of the MotherDuck request budget (0 to 0.5)
 * @param requestsPerSecond the client's rate limit; 0 or less means unlimited
 * @param maxListingsPerSecond the watch's own ceiling, whatever the client's rate limit (above 0)
 */
public record LivenessWatchOptions(Duration interval, double budgetShare, double requestsPerSecond,
    double maxListingsPerSecond) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final double DEFAULT_BUDGET_SHARE = 0.25;
  /**
   * Two listings a second: about 0.3 % of a core on the benchmark machine, and above the default
   * budget share of the default request rate (1.25/s), so it binds only once the rate is raised.
   */
  public static final double DEFAULT_MAX_LISTINGS_PER_SECOND = 2;

  /** The default ceiling of listings per second. */
  public LivenessWatchOptions(Duration interval, double budgetShare, double requestsPerSecond) {
    this(interval, budgetShare, requestsPerSecond, DEFAULT_MAX_LISTINGS_PER_SECOND);
  }

  /** The default interval, budget share and ceiling under a client limited to {@code requestsPerSecond}. */
  public static LivenessWatchOptions defaults(double requestsPerSecond) {
    return new LivenessWatchOptions(DEFAULT_INTERVAL, DEFAULT_BUDGET_SHARE, requestsPerSecond);
  }

  public LivenessWatchOptions withInterval(Duration d) {
    return new LivenessWatchOptions(d, budgetShare, requestsPerSecond, maxListingsPerSecond);
  }

  public LivenessWatchOptions withBudgetShare(double share) {
    return new LivenessWatchOptions(interval, share, requestsPerSecond, maxListingsPerSecond);
  }

  public LivenessWatchOptions withMaxListingsPerSecond(double max) {
    return new LivenessWatchOptions(interval, budgetShare, requestsPerSecond, max);
  }

  public LivenessWatchOptions {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    if (!(budgetShare > 0 && budgetShare <= 0.5)) {
      throw new IllegalArgumentException("budgetShare must be in (0, 0.5], was " + budgetShare);
    }
    if (!(maxListingsPerSecond > 0) || Double.isInfinite(maxListingsPerSecond)) {
      throw new IllegalArgumentException("maxListingsPerSecond must be above 0, was " + maxListingsPerSecond);
    }
  }

  /** Time between two account listings when {@code accounts} accounts are watched. */
  public Duration pause(int accounts) {
    long spread = interval.toMillis() / Math.max(1, accounts);
    long budget = requestsPerSecond > 0 ? (long) Math.ceil(1000 / (budgetShare * requestsPerSecond)) : 0;
    long ceiling = (long) Math.ceil(1000 / maxListingsPerSecond);
    return Duration.ofMillis(Math.max(Math.max(Math.max(spread, budget), ceiling), 1));
  }

  /** How long a full round over {@code accounts} accounts takes: the period of each account's check. */
  public Duration period(int accounts) {
    return pause(accounts).multipliedBy(Math.max(1, accounts));
  }
}
