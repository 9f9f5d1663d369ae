package io.mdrotator.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * Pace of the served-token liveness watch. It lists one account at a time, every {@link
 * #pause(int)}: the interval spread over the accounts, but never faster than {@code budgetShare} of
 * the MotherDuck client's {@code requestsPerSecond}, so the watch cannot starve rotations. Each
 * account is therefore checked every {@code max(interval, accounts / (budgetShare x
 * requestsPerSecond))}.
 *
 * @param interval how often each account is checked while the budget allows it
 * @param budgetShare the watch's share of the MotherDuck request budget (0 to 0.5)
 * @param requestsPerSecond the client's rate limit; 0 or less means unlimited
 */
public record LivenessWatchOptions(Duration interval, double budgetShare, double requestsPerSecond) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final double DEFAULT_BUDGET_SHARE = 0.25;

  /** The default interval and budget share under a client limited to {@code requestsPerSecond}. */
  public static LivenessWatchOptions defaults(double requestsPerSecond) {
    return new LivenessWatchOptions(DEFAULT_INTERVAL, DEFAULT_BUDGET_SHARE, requestsPerSecond);
  }

  public LivenessWatchOptions withInterval(Duration d) {
    return new LivenessWatchOptions(d, budgetShare, requestsPerSecond);
  }

  public LivenessWatchOptions withBudgetShare(double share) {
    return new LivenessWatchOptions(interval, share, requestsPerSecond);
  }

  public LivenessWatchOptions {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    if (!(budgetShare > 0 && budgetShare <= 0.5)) {
      throw new IllegalArgumentException("budgetShare must be in (0, 0.5], was " + budgetShare);
    }
  }

  /** Time between two account listings when {@code accounts} accounts are watched. */
  public Duration pause(int accounts) {
    long spread = interval.toMillis() / Math.max(1, accounts);
    long budget = requestsPerSecond > 0 ? (long) Math.ceil(1000 / (budgetShare * requestsPerSecond)) : 0;
    return Duration.ofMillis(Math.max(Math.max(spread, budget), 1));
  }

  /** How long a full round over {@code accounts} accounts takes: the period of each account's check. */
  public Duration period(int accounts) {
    return pause(accounts).multipliedBy(Math.max(1, accounts));
  }
}
