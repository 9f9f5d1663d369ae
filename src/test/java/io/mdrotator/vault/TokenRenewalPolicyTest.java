package io.mdrotator.vault;

import static io.mdrotator.vault.TokenRenewalPolicy.Action.LOGIN;
import static io.mdrotator.vault.TokenRenewalPolicy.Action.NONE;
import static io.mdrotator.vault.TokenRenewalPolicy.Action.RENEW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenRenewalPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
  private static final TokenState HOUR = new TokenState(T0, T0.plusSeconds(3600), true, null);

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void nothingBeforeTwoThirdsOfTheLease() {
    assertThat(TokenRenewalPolicy.decide(HOUR, at(2399), true)).isEqualTo(NONE);
    assertThat(TokenRenewalPolicy.decide(HOUR, at(2400), true)).isEqualTo(RENEW);
    assertThat(TokenRenewalPolicy.decide(HOUR, at(2400), false)).isEqualTo(RENEW);
  }

  @Test
  void nonExpiringTokenIsLeftAlone() {
    TokenState root = new TokenState(T0, null, false, null);
    assertThat(TokenRenewalPolicy.decide(root, at(1_000_000), true)).isEqualTo(NONE);
  }

  @Test
  void nonRenewableTokenIsReplacedByLoginWhenPossible() {
    TokenState s = new TokenState(T0, T0.plusSeconds(3600), false, null);
    assertThat(TokenRenewalPolicy.decide(s, at(2400), true)).isEqualTo(LOGIN);
    assertThat(TokenRenewalPolicy.decide(s, at(2400), false)).isEqualTo(NONE);
  }

  @Test
  void expiredTokenIsReplacedAtOnceEvenAfterARecentFailure() {
    TokenState s = HOUR.withFailure(at(3599));
    assertThat(TokenRenewalPolicy.decide(s, at(3600), true)).isEqualTo(LOGIN);
    assertThat(TokenRenewalPolicy.decide(s, at(3600), false)).isEqualTo(NONE);
  }

  @Test
  void failedRenewalBacksOffThenRetriesThenLogsInLate() {
    TokenState failed = HOUR.withFailure(at(2400));
    Duration backoff = TokenRenewalPolicy.backoff(Duration.ofHours(1));
    assertThat(backoff).isEqualTo(Duration.ofSeconds(30));
    assertThat(TokenRenewalPolicy.decide(failed, at(2400 + 29), true)).isEqualTo(NONE);
    assertThat(TokenRenewalPolicy.decide(failed, at(2400 + 30), true)).isEqualTo(RENEW);
    // last sixth of the lease (< 600 s left): give up renewing, log in again
    TokenState late = HOUR.withFailure(at(3000));
    assertThat(TokenRenewalPolicy.decide(late, at(3100), true)).isEqualTo(LOGIN);
    assertThat(TokenRenewalPolicy.decide(late, at(3100), false)).isEqualTo(RENEW);
  }

  @Test
  void backoffIsBounded() {
    assertThat(TokenRenewalPolicy.backoff(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(1));
    assertThat(TokenRenewalPolicy.backoff(Duration.ofSeconds(200))).isEqualTo(Duration.ofSeconds(10));
  }
}
