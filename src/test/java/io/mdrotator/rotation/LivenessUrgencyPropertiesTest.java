package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.Liveness.State;
import io.mdrotator.rotation.SlotObservation.Failures;
import io.mdrotator.rotation.SlotPlannerPropertiesTest.Scenario;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The planner's liveness contract over random observations, including long failure streaks: a slot
 * whose consumers are without a live token, or whose token is inside its renew window, is looked
 * at again (or retried) within {@code urgentRetry}; only a live token far from expiry lets the
 * retry back off further.
 */
class LivenessUrgencyPropertiesTest {
  private static final EngineOptions OPTIONS = EngineOptions.DEFAULTS;
  private static final SlotPlanner PLANNER = new SlotPlanner(OPTIONS);

  @Property(tries = 5000)
  void anAtRiskSlotIsRetriedWithinTheUrgentInterval(@ForAll long seed) {
    Random r = new Random(seed);
    Scenario s = withFailureStreak(SlotPlannerPropertiesTest.scenario(r), r);
    SlotPlan plan = PLANNER.plan(s.policy(), s.obs(), s.now(), s.unmanaged());
    Liveness l = plan.liveness();

    if (l.atRisk()) {
      assertThat(plan.rotates() || !plan.nextWakeUp().isAfter(s.now().plus(OPTIONS.urgentRetry())))
          .as("%s slot with %d failures: wake-up %s, now %s", l.state(), s.obs().failures().consecutive(),
              plan.nextWakeUp(), s.now())
          .isTrue();
    }
    if (plan.nextWakeUp().isAfter(s.now().plus(OPTIONS.urgentRetry()))) {
      assertThat(l.state()).as("only a live token far from expiry may wait longer").isEqualTo(State.LIVE);
    }
  }

  @Property(tries = 5000)
  void aFailedAttemptOfAnAtRiskSlotIsRetriedWithinTheUrgentInterval(@ForAll long seed) {
    Random r = new Random(seed);
    Scenario s = withFailureStreak(SlotPlannerPropertiesTest.scenario(r), r);
    Liveness l = Liveness.of(s.policy(), s.obs(), s.now(), OPTIONS);
    Failures streak = s.obs().failures().plusOne(s.now());
    Optional<Instant> deadline = s.obs().served().flatMap(st -> s.obs().token(st.tokenId()))
        .flatMap(TokenInfo::expiresAt);

    Instant next = RotationTiming.nextAttempt(s.policy().id(), streak, deadline, l.atRisk(), OPTIONS);

    assertThat(next).isAfterOrEqualTo(s.now().plus(OPTIONS.retryMinDelay()));
    if (l.atRisk()) {
      assertThat(next).as("%s after %d failures", l.state(), streak.consecutive())
          .isBeforeOrEqualTo(s.now().plus(OPTIONS.urgentRetry()));
    }
  }

  @Property(tries = 3000)
  void livenessSaysWhatConsumersGet(@ForAll long seed) {
    Scenario s = SlotPlannerPropertiesTest.scenario(new Random(seed));
    Liveness l = Liveness.of(s.policy(), s.obs(), s.now(), OPTIONS);
    Optional<ServedToken> served = s.obs().served();
    Optional<TokenInfo> listed = served.flatMap(st -> s.obs().token(st.tokenId()));

    assertThat(l.state() == State.MISSING).isEqualTo(served.isEmpty());
    assertThat(l.tokenId()).isEqualTo(served.map(ServedToken::tokenId));
    if (l.live()) {
      assertThat(listed).isPresent();
      assertThat(listed.get().expiredAt(s.now())).isFalse();
    }
    if (served.isPresent() && listed.isEmpty()) {
      boolean expired = served.get().expiresAt().map(e -> !s.now().isBefore(e)).orElse(false);
      assertThat(l.state()).isEqualTo(expired ? State.EXPIRED : State.REVOKED);
      assertThat(l.expiresAt()).as("last known expiry kept").isEqualTo(served.get().expiresAt());
    }
  }

  /** The scenario with, half of the time, a streak of up to 60 failures, the latest up to 2 h ago. */
  private static Scenario withFailureStreak(Scenario s, Random r) {
    if (r.nextBoolean()) {
      return s;
    }
    Failures f = new Failures(1 + r.nextInt(60), Optional.of(s.now().minusSeconds(r.nextInt(7200))));
    SlotObservation o = s.obs();
    return new Scenario(s.policy(), new SlotObservation(o.tokens(), o.served(), o.slotKeyVersion(), o.state(), f,
        o.slotCustomMetadata(), o.abandonedIntents()), s.now(), s.unmanaged());
  }
}
