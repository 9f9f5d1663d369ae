package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.Retirement;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.tools.crash.CrashHooks;
import io.mdrotator.tools.crash.SimulatedCrash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine retiring a slot on the in-memory fakes: a superseded token still in its grace period
 * and a served one; a crash at every step a retirement passes, then a restart. Every revocation is
 * checked when it happens: the superseded token not before its own grace, the served one not
 * before the retirement deadline. At the end nothing of the slot is live, Vault serves nothing and
 * the state document is gone.
 */
class RetirementEngineTest {
  /** Shorter than what is left of B's life (its ttl is 1 h), so B is live at the deadline. */
  private static final Duration RETIRE_GRACE = Duration.ofMinutes(30);

  /** A slot with token B served and A superseded (revocable 5 minutes after B was stored). */
  private static final class World {
    final Harness h = new Harness();
    final List<String> early = new ArrayList<>();
    boolean supersededGrace = true;
    String a;
    String b;
    Instant storedB;
    Instant deadline = Instant.MAX;
    SlotPolicy retired;

    World(boolean destroy) {
      h.slot = Harness.slot("rw", Duration.ofHours(1), new RenewBefore.Fixed(Duration.ofMinutes(40)), Duration.ofMinutes(5));
      h.account = Harness.account(UnmanagedTokens.REPORT, h.slot);
      RotationEngine e = h.engine();
      h.reconcile(e);
      a = h.servedId().orElseThrow();
      h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
      h.reconcile(e);
      b = h.servedId().orElseThrow();
      storedB = h.clock.instant();
      retired = h.slot.retiredAs(new Retirement(RETIRE_GRACE, destroy));
      h.md.beforeRevoke = id -> {
        Instant now = h.clock.instant();
        if (id.equals(a) && supersededGrace && now.isBefore(storedB.plus(h.slot.gracePeriod()))) {
          early.add("superseded " + id + " at " + now);
        }
        if (!id.equals(a) && now.isBefore(deadline)) {
          early.add(id + " at " + now + " before the retirement deadline " + deadline);
        }
      };
    }

    SlotOutcome retire(RotationEngine e) {
      return e.reconcile(retired, h.account);
    }

    /** Reconciles the retired slot at each wake-up until {@code until}, as the scheduler would. */
    List<SlotOutcome> runUntil(RotationEngine e, Instant until) {
      return io.mdrotator.testing.Reconciles.until(h.clock, () -> retire(e), until, 10_000, false);
    }

    String statePath() {
      return h.options.statePath(Harness.USER, "rw");
    }

    void assertRetired() {
      assertThat(early).as("revoked early").isEmpty();
      assertThat(h.md.live(Harness.USER)).extracting(TokenInfo::name)
          .noneMatch(n -> TokenNames.belongsTo(n, "rw"));
      assertThat(h.md.revoked).contains(a, b);
      assertThat(h.kv.readLatest(h.slot.vaultPath())).as("Vault serves nothing").isEmpty();
      assertThat(h.kv.exists(statePath())).as("state document removed").isFalse();
    }
  }

  @Test
  void retirementRecordsFirstServesUntilTheDeadlineThenRemovesEverything() {
    World w = new World(false);
    RotationEngine e = w.h.engine();
    Instant recordedAt = w.h.clock.instant();
    w.deadline = recordedAt.plus(RETIRE_GRACE);

    SlotOutcome first = w.retire(e);
    assertThat(first.failed()).as(String.valueOf(first.failure())).isFalse();
    assertThat(first.nextWakeUp()).isBeforeOrEqualTo(w.deadline);
    assertThat(e.liveness(w.h.slot.id()).state()).isEqualTo(Liveness.State.RETIRING);
    SlotState recorded = new StateStore(w.h.kv).read(w.statePath());
    assertThat(recorded.retirement()).contains(new SlotState.RetirementRecord(recordedAt, w.deadline));
    assertThat(w.h.events.lines).anyMatch(l -> l.startsWith("retirement recorded"));

    List<SlotOutcome> run = w.runUntil(e, w.deadline.plus(Duration.ofMinutes(30)));

    assertThat(run).noneMatch(SlotOutcome::failed);
    assertThat(run).noneMatch(o -> o.rotatedTokenId().isPresent());
    w.assertRetired();
    assertThat(w.h.kv.versions(w.h.slot.vaultPath())).as("soft delete keeps the history").isNotEmpty();
    assertThat(e.liveness(w.h.slot.id()).state()).isEqualTo(Liveness.State.RETIRED);
    assertThat(e.consecutiveFailures(w.h.slot.id())).isZero();
    assertThat(w.h.events.lines.stream().filter(l -> l.startsWith("retirement ")).toList())
        .containsExactly("retirement recorded", "retirement secret_deleted", "retirement state_deleted");
  }

  @ParameterizedTest
  @EnumSource(value = io.mdrotator.rotation.ProtocolStep.class,
      names = {"AFTER_RETIREMENT_RECORD", "BEFORE_REVOKE", "AFTER_REVOKE", "AFTER_SECRET_DELETE", "AFTER_STATE_DELETE"})
  void aCrashAtEveryRetirementStepResumesWithNothingLeftAndNothingEarly(ProtocolStep step) {
    World w = new World(true);
    Instant recordedAt = w.h.clock.instant();
    w.deadline = recordedAt.plus(RETIRE_GRACE);
    RotationEngine crashing = w.h.engine(CrashHooks.throwingAt(step));
    if (step == ProtocolStep.AFTER_RETIREMENT_RECORD) {
      assertThatThrownBy(() -> w.retire(crashing)).isInstanceOf(SimulatedCrash.class);
    } else {
      RotationEngine before = w.h.engine();
      w.runUntil(before, w.deadline.minusSeconds(1)); // A revoked at its own time, on a normal engine
      assertThat(w.h.md.revoked).contains(w.a);
      w.h.clock.set(w.deadline);
      assertThatThrownBy(() -> w.retire(crashing)).isInstanceOf(SimulatedCrash.class);
    }
    assertThat(w.early).as("nothing revoked early before the restart").isEmpty();

    RotationEngine restarted = w.h.engine();
    List<SlotOutcome> run = w.runUntil(restarted, w.deadline.plus(Duration.ofMinutes(30)));

    assertThat(run).noneMatch(SlotOutcome::failed);
    w.assertRetired();
    assertThat(w.h.kv.versions(w.h.slot.vaultPath())).as("destroyed").isEmpty();
    assertThat(new StateStore(w.h.kv).read(w.statePath()).retirement()).isEmpty();
    assertThat(w.h.events.lines).filteredOn(l -> l.startsWith("retirement recorded")).as("recorded once, never re-dated")
        .hasSize(1);
  }

  @Test
  void retireNowRevokesAtOnceAndAVaultFailureResumesOnTheNextRun() {
    World w = new World(false);
    w.deadline = w.h.clock.instant();
    w.supersededGrace = false; // retire --now: no grace for anyone
    RotationEngine e = w.h.engine();
    w.h.kv.failNextDeletes(1); // the soft delete of the secret fails once

    SlotOutcome failed = e.retireNow(w.h.slot, w.h.account, false);

    assertThat(failed.failed()).isTrue();
    assertThat(w.h.md.revoked).as("revoked before the failed delete").contains(w.a, w.b);
    assertThat(new StateStore(w.h.kv).read(w.statePath()).retirement()).as("the record outlives the failure").isPresent();

    SlotOutcome again = e.retireNow(w.h.slot, w.h.account, false);

    assertThat(again.failed()).as(String.valueOf(again.failure())).isFalse();
    w.assertRetired();
  }

  @Test
  void aRetirementTakenBackBeforeItsDeadlineIsCancelledAndTheSlotRotatesAgain() {
    World w = new World(false);
    RotationEngine e = w.h.engine();
    w.deadline = w.h.clock.instant().plus(RETIRE_GRACE);
    w.retire(e);
    assertThat(new StateStore(w.h.kv).read(w.statePath()).retirement()).isPresent();

    w.h.clock.advance(Duration.ofMinutes(10));
    SlotOutcome back = w.h.reconcile(e);

    assertThat(back.failed()).isFalse();
    assertThat(new StateStore(w.h.kv).read(w.statePath()).retirement()).isEmpty();
    assertThat(w.h.events.lines).contains("retirement cancelled");
    assertThat(w.h.md.live(Harness.USER)).extracting(TokenInfo::id).as("the served token was never revoked").contains(w.b);
    assertThat(w.early).isEmpty();
    assertThat(e.liveness(w.h.slot.id()).live()).isTrue();
  }
}
