package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.SlotObservation.Failures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Found by the soak: with tokens shorter than {@code deadlineMargin} (or a failure late
 * in a token's life) the time left before {@code deadline - margin} is already negative, and the
 * retry delay fell back to the full exponential backoff, scheduling the next attempt after the
 * served token had expired. Inside the margin each retry must use at most a quarter of the time left
 * before expiry.
 */
class RetryInsideDeadlineMarginTest {
  private static final EngineOptions OPTIONS = EngineOptions.DEFAULTS;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aRetryInsideTheMarginUsesAQuarterOfWhatIsLeftBeforeExpiry() {
    Instant last = T0;
    Instant deadline = last.plusSeconds(10); // 10 s left, margin 30 s: already inside the margin
    for (int n = 1; n <= 12; n++) {
      Instant next = RotationTiming.nextAttempt(new SlotId("u", "rw"), new Failures(n, Optional.of(last)),
          Optional.of(deadline), false, OPTIONS);
      assertThat(next).as("failure %d", n).isBeforeOrEqualTo(last.plusMillis(2_500));
    }
  }

  @Property(tries = 3000)
  void whileTheTokenIsValidTheNextAttemptFallsBeforeExpiry(@ForAll long seed) {
    Random r = new Random(seed);
    Instant last = T0.plusSeconds(r.nextInt(1_000_000));
    Failures f = new Failures(1 + r.nextInt(40), Optional.of(last));
    Duration left = Duration.ofMillis(1 + r.nextInt(120_000));
    Instant deadline = last.plus(left);
    SlotId slot = new SlotId("u" + r.nextInt(100), "s" + r.nextInt(100));

    Instant next = RotationTiming.nextAttempt(slot, f, Optional.of(deadline), r.nextBoolean(), OPTIONS);

    long quarter = left.toMillis() / 4;
    long allowed = Math.max(OPTIONS.retryMinDelay().toMillis(), quarter);
    assertThat(next).isBeforeOrEqualTo(last.plusMillis(allowed));
    assertThat(next).isAfterOrEqualTo(last.plus(OPTIONS.retryMinDelay()));
  }

  @Test
  void shortTokensSurviveAStormOfFailedMints() {
    Harness h = new Harness();
    h.slot = Harness.slot("rw", Duration.ofSeconds(20), new RenewBefore.Fraction(0.33), Duration.ofSeconds(5));
    h.account = Harness.account(io.mdrotator.policy.UnmanagedTokens.REPORT, h.slot);
    RotationEngine e = h.engine();
    h.reconcile(e);
    Instant expiry = h.servedInfo().expiresAt().orElseThrow();
    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
    h.md.failNextCreates(4);

    List<SlotOutcome> outcomes = h.runUntil(e, expiry.minusMillis(1));

    assertThat(h.events.failures).hasSize(4);
    assertThat(h.events.failures).allSatisfy(f -> assertThat(f.nextAttempt()).isBefore(expiry));
    assertThat(outcomes).anyMatch(o -> o.status() == SlotOutcome.Status.ROTATED);
    assertThat(h.servedInfo().expiresAt().orElseThrow()).isAfter(expiry);
    h.assertHealthy();
  }
}
