package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.PlannedAction.CompleteIntent;
import io.mdrotator.rotation.PlannedAction.DropIntent;
import io.mdrotator.rotation.PlannedAction.ForgetSuperseded;
import io.mdrotator.rotation.PlannedAction.ReportUnmanaged;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.PlannedAction.RevokeSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeUnmanaged;
import io.mdrotator.rotation.PlannedAction.Rotate;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import io.mdrotator.rotation.SlotObservation.Failures;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Table tests of the planner's rules, one situation each. */
class SlotPlannerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final SlotPolicy SLOT = new SlotPolicy(new SlotId("u", "rw"), TokenType.READ_WRITE,
      Duration.ofHours(3), RenewBefore.DEFAULT, Duration.ofMinutes(10), "p/u/rw");
  private final SlotPlanner planner = new SlotPlanner(EngineOptions.DEFAULTS);

  private static TokenInfo token(String id, String name, Instant created) {
    return new TokenInfo(id, name, TokenType.READ_WRITE, created,
        Optional.of(created.plus(Duration.ofHours(3))), false);
  }

  private static ServedToken served(TokenInfo t) {
    return new ServedToken(1, t.id(), t.name(), Optional.of(t.type()), t.expiresAt(), t.createdAt());
  }

  private static SlotObservation obs(List<TokenInfo> tokens, Optional<ServedToken> served,
      SlotState state) {
    return new SlotObservation(tokens, served, served.isPresent() ? 1 : 0, state, Failures.NONE);
  }

  private final TokenInfo a = token("A", TokenNames.format("rw", "ra"), T0);

  @Test
  void emptySlotRotatesAtOnce() {
    SlotPlan p = planner.plan(SLOT, obs(List.of(), Optional.empty(), SlotState.EMPTY), T0);
    assertThat(p.actions()).containsExactly(new Rotate(RotateReason.MISSING_IN_VAULT));
  }

  @Test
  void healthyTokenRotatesAtTwoThirdsMinusJitterAndWakesForResync() {
    SlotPlan p = planner.plan(SLOT, obs(List.of(a), Optional.of(served(a)), SlotState.EMPTY), T0);
    assertThat(p.actions()).isEmpty();
    Instant due = p.nextRotation().orElseThrow();
    assertThat(due).isBetween(T0.plus(Duration.ofMinutes(114)), T0.plus(Duration.ofHours(2)));
    assertThat(p.nextWakeUp()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(planner.plan(SLOT, obs(List.of(a), Optional.of(served(a)), SlotState.EMPTY), due)
        .actions()).containsExactly(new Rotate(RotateReason.DUE));
  }

  @Test
  void servedTokenNotListedOrOfTheWrongTypeRotatesAtOnce() {
    assertThat(planner.plan(SLOT, obs(List.of(), Optional.of(served(a)), SlotState.EMPTY), T0)
        .actions()).containsExactly(new Rotate(RotateReason.NOT_LISTED));
    SlotPolicy rs = new SlotPolicy(SLOT.id(), TokenType.READ_SCALING, SLOT.ttl(),
        SLOT.renewBefore(), SLOT.gracePeriod(), SLOT.vaultPath());
    assertThat(planner.plan(rs, obs(List.of(a), Optional.of(served(a)), SlotState.EMPTY), T0)
        .actions()).containsExactly(new Rotate(RotateReason.TYPE_CHANGED));
  }

  @Test
  void supersededIsRevokedAtRevokeAfterNotBeforeAndForgottenWhenGone() {
    TokenInfo b = token("B", TokenNames.format("rw", "rb"), T0.plusSeconds(60));
    SlotState st = SlotState.EMPTY.withSuperseded(
        new Superseded("A", T0.plusSeconds(60), T0.plusSeconds(660)));
    SlotObservation o = obs(List.of(a, b), Optional.of(served(b)), st);
    assertThat(planner.plan(SLOT, o, T0.plusSeconds(659)).actions()).isEmpty();
    assertThat(planner.plan(SLOT, o, T0.plusSeconds(659)).nextWakeUp())
        .isEqualTo(T0.plusSeconds(660));
    assertThat(planner.plan(SLOT, o, T0.plusSeconds(660)).actions())
        .containsExactly(new RevokeSuperseded("A"));
    assertThat(planner.plan(SLOT, obs(List.of(b), Optional.of(served(b)), st), T0.plusSeconds(700))
        .actions()).containsExactly(new ForgetSuperseded("A"));
  }

  @Test
  void intentWhoseTokenIsServedIsCompleted() {
    TokenInfo b = token("B", TokenNames.format("rw", "rb"), T0.plusSeconds(60));
    SlotState st = SlotState.EMPTY.withIntent(
        new Intent("rb", b.name(), T0.plusSeconds(59), Optional.of("A")));
    assertThat(planner.plan(SLOT, obs(List.of(a, b), Optional.of(served(b)), st), T0.plusSeconds(61))
        .actions()).containsExactly(new CompleteIntent("rb", "B", Optional.of("A")));
  }

  @Test
  void liveIntentProtectsItsTokenAndBlocksRotationUntilStaleThenItIsAnOrphan() {
    TokenInfo b = token("B", TokenNames.format("rw", "rb"), T0.plus(Duration.ofHours(2)));
    Instant started = b.createdAt().minusSeconds(1);
    SlotState st = SlotState.EMPTY.withIntent(new Intent("rb", b.name(), started, Optional.of("A")));
    SlotObservation o = obs(List.of(a, b), Optional.of(served(a)), st);
    SlotPlan live = planner.plan(SLOT, o, started.plusSeconds(40)); // A is due, 59 min from expiry
    assertThat(live.actions()).isEmpty();
    // A is inside its renew window (at risk): looked at again within urgentRetry, not at the bound
    assertThat(live.nextWakeUp()).isEqualTo(started.plusSeconds(40).plus(EngineOptions.DEFAULTS.urgentRetry()));
    assertThat(planner.plan(SLOT, o, started.plusSeconds(120)).actions()).containsExactly(
        new RevokeOrphan("B", b.name()), new DropIntent("rb"), new Rotate(RotateReason.DUE));
  }

  @Test
  void liveIntentDoesNotHoldBackRotationWhenTheServedTokenIsAtRisk() {
    Instant expiry = a.expiresAt().orElseThrow();
    TokenInfo b = token("B", TokenNames.format("rw", "rb"), expiry.minusSeconds(45));
    Instant started = b.createdAt().minusSeconds(1);
    SlotState st = SlotState.EMPTY.withIntent(new Intent("rb", b.name(), started, Optional.of("A")));
    SlotObservation healthy = obs(List.of(a, b), Optional.of(served(a)), st);
    SlotPlan held = planner.plan(SLOT, healthy, expiry.minusSeconds(31));
    assertThat(held.actions()).as("31 s before expiry the live intent still holds").isEmpty();
    assertThat(held.nextWakeUp()).as("wakes when the served token becomes at risk")
        .isEqualTo(expiry.minus(EngineOptions.DEFAULTS.deadlineMargin()));
    assertThat(planner.plan(SLOT, healthy, expiry.minusSeconds(30)).actions())
        .as("within the deadline margin: rotate, and B stays protected")
        .containsExactly(new Rotate(RotateReason.DUE));
    assertThat(planner.plan(SLOT, healthy, expiry.plusSeconds(1)).actions())
        .containsExactly(new Rotate(RotateReason.EXPIRED));
    assertThat(planner.plan(SLOT, obs(List.of(b), Optional.of(served(a)), st), expiry.minusSeconds(40)).actions())
        .containsExactly(new Rotate(RotateReason.NOT_LISTED));
    assertThat(planner.plan(SLOT, obs(List.of(b), Optional.empty(), st), expiry.minusSeconds(40)).actions())
        .containsExactly(new Rotate(RotateReason.MISSING_IN_VAULT));
  }

  @Test
  void unexplainedManagedTokenIsAnOrphanOnlyOnceOlderThanTheInFlightBound() {
    TokenInfo x = token("X", TokenNames.format("rw", "rx"), T0);
    SlotObservation o = obs(List.of(a, x), Optional.of(served(a)), SlotState.EMPTY);
    assertThat(planner.plan(SLOT, o, T0.plusSeconds(119)).actions()).isEmpty();
    assertThat(planner.plan(SLOT, o, T0.plusSeconds(120)).actions())
        .containsExactly(new RevokeOrphan("X", x.name()));
  }

  @Test
  void unmanagedAndOtherSlotsTokensAreLeftAloneUnlessRevokeIsAsked() {
    TokenInfo human = token("H", "backend-api", T0);
    TokenInfo other = token("O", TokenNames.format("ro", "r1"), T0);
    SlotObservation o = obs(List.of(a, human, other), Optional.of(served(a)), SlotState.EMPTY);
    Instant later = T0.plusSeconds(600);
    assertThat(planner.plan(SLOT, o, later).actions())
        .containsExactly(new ReportUnmanaged(List.of("H")));
    assertThat(planner.plan(SLOT, o, later, UnmanagedTokens.REVOKE).actions())
        .containsExactly(new ReportUnmanaged(List.of("H")), new RevokeUnmanaged("H"));
  }

  @Test
  void failedRotationWaitsForItsRetryTime() {
    Instant due = T0.plus(Duration.ofHours(2));
    SlotObservation o = new SlotObservation(List.of(a), Optional.of(served(a)), 1, SlotState.EMPTY,
        new Failures(3, Optional.of(due)));
    SlotPlan p = planner.plan(SLOT, o, due.plusSeconds(1));
    assertThat(p.rotates()).isFalse();
    assertThat(p.nextRotation().orElseThrow()).isAfter(due.plusSeconds(1));
    assertThat(planner.plan(SLOT, o, p.nextRotation().get()).actions())
        .containsExactly(new Rotate(RotateReason.RETRY));
  }
}
