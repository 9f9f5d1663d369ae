package io.mdrotator.vault;

import java.time.Duration;
import java.time.Instant;

/**
 * Pure decision of when to renew the daemon's token or log in again: renew at 2/3 of the lease;
 * re-login when the token cannot be renewed, has expired, or renewal keeps failing in the last
 * sixth of the lease. After a failed attempt, wait a short back-off before trying again, keeping
 * the current token meanwhile; an expired token is replaced at once when login is possible.
 */
public final class TokenRenewalPolicy {

  /** What to do now. */
  public enum Action {
    NONE,
    RENEW,
    LOGIN
  }

  private TokenRenewalPolicy() {}

  public static Action decide(TokenState s, Instant now, boolean canLogin) {
    if (s.expiry() == null) {
      return Action.NONE;
    }
    Duration lifetime = s.lifetime();
    Duration remaining = Duration.between(now, s.expiry());
    if (remaining.isNegative() || remaining.isZero()) {
      return canLogin ? Action.LOGIN : Action.NONE;
    }
    Instant renewAt = s.leaseStart().plus(lifetime.multipliedBy(2).dividedBy(3));
    if (now.isBefore(renewAt)) {
      return Action.NONE;
    }
    if (s.lastFailure() != null && now.isBefore(s.lastFailure().plus(backoff(lifetime)))) {
      return Action.NONE;
    }
    if (!s.renewable()) {
      return canLogin ? Action.LOGIN : Action.NONE;
    }
    if (s.lastFailure() != null && canLogin && remaining.compareTo(lifetime.dividedBy(6)) < 0) {
      return Action.LOGIN;
    }
    return Action.RENEW;
  }

  /** Pause after a failed renewal: 1/20 of the lease, between 1 s and 30 s. */
  static Duration backoff(Duration lifetime) {
    Duration d = lifetime.dividedBy(20);
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return Duration.ofSeconds(1);
    }
    return d.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : d;
  }
}
