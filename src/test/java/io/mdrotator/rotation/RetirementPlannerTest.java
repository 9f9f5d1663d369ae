package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.Retirement;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.PlannedAction.CancelRetirement;
import io.mdrotator.rotation.PlannedAction.CompleteIntent;
import io.mdrotator.rotation.PlannedAction.DeleteSecret;
import io.mdrotator.rotation.PlannedAction.DeleteState;
import io.mdrotator.rotation.PlannedAction.DropIntent;
import io.mdrotator.rotation.PlannedAction.ForgetSuperseded;
import io.mdrotator.rotation.PlannedAction.RecordRetirement;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.PlannedAction.RevokeRetired;
import io.mdrotator.rotation.PlannedAction.RevokeSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeUnmanaged;
import io.mdrotator.rotation.PlannedAction.Rotate;
import io.mdrotator.rotation.SlotObservation.Failures;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.RetirementRecord;
import io.mdrotator.rotation.SlotState.Superseded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The planner's retirement decisions: table tests of single situations, then every combination of
 * retirement record, served token, superseded token, intent, orphan, unmanaged token, state
 * document, secret, destroy option and time, each checked against the retirement contract (no
 * rotation, intent first, nothing revoked or deleted before the deadline or while an intent is in
 * flight, every managed token revoked before anything is deleted, the state document last, never a
 * token of another slot or an unmanaged one) and then executed on a model of MotherDuck and Vault
 * until the plan is empty: at or after the deadline that end is "retired, nothing of the slot live".
 */
class RetirementPlannerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration GRACE = Duration.ofHours(2);
  private static final Duration BOUND = EngineOptions.DEFAULTS.inFlightBound();
  private static final SlotPolicy ACTIVE = new SlotPolicy(new SlotId("u", "rw"), TokenType.READ_WRITE,
      Duration.ofHours(24), RenewBefore.DEFAULT, Duration.ofMinutes(10), "motherduck/u/rw");
  private final SlotPlanner planner = new SlotPlanner(EngineOptions.DEFAULTS);

  private static SlotPolicy retired(boolean destroy) {
    return ACTIVE.retiredAs(new Retirement(GRACE, destroy));
  }

  private static TokenInfo token(String id, String name) {
    return new TokenInfo(id, name, TokenType.READ_WRITE, T0.minus(Duration.ofHours(3)),
        Optional.of(T0.plus(Duration.ofHours(21))), false);
  }

  private static ServedToken served(String id, String name) {
    return new ServedToken(3, id, name, Optional.of(TokenType.READ_WRITE), Optional.of(T0.plus(Duration.ofHours(21))),
        T0.minus(Duration.ofHours(3)));
  }

  private static SlotObservation obs(List<TokenInfo> tokens, Optional<ServedToken> served, SlotState state) {
    return new SlotObservation(tokens, served, served.isPresent() ? 3 : 0, state, Failures.NONE,
        served.map(s -> Map.of("managed-by", "md-rotator")));
  }

  private final TokenInfo s = token("S", TokenNames.format("rw", "0000000000000001"));

  @Test
  void aServedSlotIsRecordedFirstAndKeepsItsTokenUntilTheDeadline() {
    SlotPlan p = planner.plan(retired(false), obs(List.of(s), Optional.of(served("S", s.name())), SlotState.EMPTY), T0);
    assertThat(p.actions()).containsExactly(new RecordRetirement(T0, T0.plus(GRACE)));
    assertThat(p.nextWakeUp()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(p.liveness().state()).isEqualTo(Liveness.State.RETIRING);
    assertThat(p.liveness().atRisk()).isFalse();
    assertThat(p.nextRotation()).isEmpty();

    SlotState recorded = SlotState.EMPTY.atVersion(1).withRetirement(Optional.of(new RetirementRecord(T0, T0.plus(GRACE))));
    SlotObservation o = obs(List.of(s), Optional.of(served("S", s.name())), recorded);
    SlotPlan before = planner.plan(retired(false), o, T0.plus(GRACE).minusSeconds(1));
    assertThat(before.actions()).isEmpty();
    assertThat(before.nextWakeUp()).isEqualTo(T0.plus(GRACE));
    assertThat(planner.plan(retired(false), o, T0.plus(GRACE)).actions())
        .containsExactly(new RevokeRetired("S"), new DeleteSecret(false), new DeleteState());
    assertThat(planner.plan(retired(true), o, T0.plus(GRACE)).actions())
        .containsExactly(new RevokeRetired("S"), new DeleteSecret(true), new DeleteState());
  }

  @Test
  void retireNowRecordsAndCleansInOnePlanAndRedatesAnEarlierRecord() {
    SlotPolicy now = ACTIVE.retiredAs(Retirement.now(false));
    SlotObservation fresh = obs(List.of(s), Optional.of(served("S", s.name())), SlotState.EMPTY);
    assertThat(planner.plan(now, fresh, T0).actions()).containsExactly(
        new RecordRetirement(T0, T0), new RevokeRetired("S"), new DeleteSecret(false), new DeleteState());

    SlotState recorded = SlotState.EMPTY.atVersion(1).withRetirement(Optional.of(new RetirementRecord(T0, T0.plus(GRACE))));
    SlotObservation o = obs(List.of(s), Optional.of(served("S", s.name())), recorded);
    assertThat(planner.plan(now, o, T0.plusSeconds(5)).actions()).containsExactly(
        new RecordRetirement(T0, T0), new RevokeRetired("S"), new DeleteSecret(false), new DeleteState());
  }

  @Test
  void aLongerGraceInThePolicyRedatesTheRecordAndHoldsTheRevocation() {
    SlotState recorded = SlotState.EMPTY.atVersion(1).withRetirement(Optional.of(new RetirementRecord(T0, T0.plus(GRACE))));
    SlotObservation o = obs(List.of(s), Optional.of(served("S", s.name())), recorded);
    SlotPolicy longer = ACTIVE.retiredAs(new Retirement(GRACE.multipliedBy(3), false));
    SlotPlan p = planner.plan(longer, o, T0.plus(GRACE));
    assertThat(p.actions()).containsExactly(new RecordRetirement(T0, T0.plus(GRACE.multipliedBy(3))));
    assertThat(p.nextWakeUp()).isEqualTo(T0.plus(GRACE).plus(Duration.ofMinutes(10)));
  }

  @Test
  void aSlotBackInServiceCancelsItsRecordAndRotatesAsUsual() {
    SlotState recorded = SlotState.EMPTY.atVersion(1).withRetirement(Optional.of(new RetirementRecord(T0, T0.plus(GRACE))));
    SlotPlan p = planner.plan(ACTIVE, obs(List.of(), Optional.empty(), recorded), T0);
    assertThat(p.actions()).containsExactly(new CancelRetirement(), new Rotate(PlannedAction.RotateReason.MISSING_IN_VAULT));
  }

  @Test
  void nothingLeftIsRetiredAndADeadTokenNeedsNoGrace() {
    SlotPlan none = planner.plan(retired(false), obs(List.of(), Optional.empty(), SlotState.EMPTY), T0);
    assertThat(none.actions()).isEmpty();
    assertThat(none.liveness().state()).isEqualTo(Liveness.State.RETIRED);

    // Vault still serves a token MotherDuck no longer lists (it expired): consumers have nothing to lose
    SlotPlan dead = planner.plan(retired(false), obs(List.of(), Optional.of(served("S", s.name())), SlotState.EMPTY), T0);
    assertThat(dead.actions()).containsExactly(new RecordRetirement(T0, T0), new DeleteSecret(false), new DeleteState());

    // soft-deleted before: with destroy the key's history is what is left
    SlotObservation softDeleted = new SlotObservation(List.of(), Optional.empty(), 4, SlotState.EMPTY, Failures.NONE,
        Optional.empty());
    assertThat(planner.plan(retired(false), softDeleted, T0).actions()).isEmpty();
    assertThat(planner.plan(retired(true), softDeleted, T0).actions())
        .containsExactly(new RecordRetirement(T0, T0), new DeleteSecret(true), new DeleteState());
  }

  @Test
  void aTokenNamedForAnotherSlotOrUnmanagedIsNeverRevoked() {
    TokenInfo other = token("O", TokenNames.format("ro", "0000000000000009"));
    TokenInfo manual = token("M", "hand-made");
    SlotState recorded = SlotState.EMPTY.atVersion(1).withRetirement(Optional.of(new RetirementRecord(T0, T0.plus(GRACE))));
    SlotPlan p = planner.plan(retired(false),
        obs(List.of(s, other, manual), Optional.of(served("S", s.name())), recorded), T0.plus(GRACE));
    assertThat(p.actionsOf(RevokeRetired.class)).containsExactly(new RevokeRetired("S"));
  }

  // ---- every combination ----

  enum Rec { NONE, CURRENT, STALE_GRACE, NOTHING_LIVE_AT_RECORD }

  enum Serve { NONE, MANAGED, HAND_MADE, UNLISTED, OTHER_SLOT }

  enum Sup { NONE, LISTED, GONE }

  enum Int { NONE, IN_FLIGHT, IN_FLIGHT_UNMINTED, STALE, ABANDONED, SERVED }

  private record Case(Rec rec, Serve serve, Sup sup, Int intent, boolean orphan, boolean manual,
      boolean doc, boolean destroy, Duration at) {}

  @Test
  void everyCombinationKeepsTheContractAndConverges() {
    Duration[] times = {Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), GRACE, GRACE.plusSeconds(30),
        GRACE.plus(BOUND), Duration.ofHours(6)};
    int checked = 0;
    int cleaned = 0;
    for (Rec rec : Rec.values()) {
      for (Serve serve : Serve.values()) {
        for (Sup sup : Sup.values()) {
          for (Int intent : Int.values()) {
            if (intent == Int.SERVED && serve != Serve.MANAGED) {
              continue;
            }
            for (boolean orphan : new boolean[] {false, true}) {
              for (boolean manual : new boolean[] {false, true}) {
                for (boolean doc : new boolean[] {false, true}) {
                  for (boolean destroy : new boolean[] {false, true}) {
                    for (Duration at : times) {
                      Case c = new Case(rec, serve, sup, intent, orphan, manual, doc, destroy, at);
                      cleaned += check(c) ? 1 : 0;
                      checked++;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    assertThat(checked).isEqualTo(4 * (4 * 3 * 5 + 3 * 6) * 2 * 2 * 2 * 2 * 7);
    assertThat(cleaned).as("cases that reached the clean-up").isGreaterThan(checked / 10);
  }

  /** Checks one case; true when it converged to a clean-up. */
  private boolean check(Case c) {
    Instant now = T0.plus(c.at());
    World w = World.of(c, now);
    SlotObservation first = w.observation();
    Instant recordedAt = w.record.map(RetirementRecord::recordedAt).orElse(now);
    boolean live = w.liveSlotTokens() || !w.intents.isEmpty();
    Instant deadline = live ? recordedAt.plus(GRACE) : recordedAt;
    boolean inFlight = w.intentInFlight(now);
    SlotPlan plan = planner.plan(retired(c.destroy()), first, now, UnmanagedTokens.REPORT);
    String what = c + " at " + now + ": " + plan.actions();

    List<PlannedAction> a = plan.actions();
    assertThat(a).as(what).noneMatch(x -> x instanceof Rotate);
    assertThat(plan.liveness().retired()).as(what).isTrue();
    assertThat(plan.liveness().atRisk()).as(what).isFalse();
    assertThat(plan.nextWakeUp()).as(what).isAfterOrEqualTo(now);
    boolean cleanup = a.stream().anyMatch(x -> x instanceof RevokeRetired || x instanceof DeleteSecret || x instanceof DeleteState);
    if (cleanup) {
      assertThat(now).as("nothing before the deadline: " + what).isAfterOrEqualTo(deadline);
      assertThat(inFlight).as("nothing while an intent is in flight: " + what).isFalse();
      assertThat(a.get(a.size() - 1)).as("state document last: " + what).isEqualTo(new DeleteState());
      int lastRevoke = lastIndex(a, RevokeRetired.class);
      int secret = lastIndex(a, DeleteSecret.class);
      assertThat(secret < 0 || lastRevoke < secret).as("revoked before deleted: " + what).isTrue();
      if (w.record.isEmpty()) {
        assertThat(a.get(0)).as("intent first: " + what).isInstanceOf(RecordRetirement.class);
      }
      assertThat(a.stream().filter(x -> x instanceof RevokeRetired).map(x -> ((RevokeRetired) x).tokenId()).toList())
          .as("every token the slot manages is revoked: " + what).containsExactlyInAnyOrderElementsOf(w.doomed());
    } else if (!plan.liveness().state().equals(Liveness.State.RETIRED) && now.isBefore(deadline)) {
      assertThat(plan.nextWakeUp()).as("wakes by the deadline: " + what).isBeforeOrEqualTo(deadline);
    }
    for (PlannedAction x : a) {
      String id = x instanceof RevokeRetired r ? r.tokenId() : x instanceof RevokeOrphan o ? o.tokenId()
          : x instanceof RevokeSuperseded r ? r.tokenId() : x instanceof RevokeUnmanaged u ? u.tokenId() : null;
      if (id != null) {
        assertThat(id).as("never another slot's or an unmanaged token: " + what).isNotIn("O", "M");
        if (!(x instanceof RevokeRetired)) {
          assertThat(w.served.map(ServedToken::tokenId)).as("the served token only at retirement: " + what)
              .isNotEqualTo(Optional.of(id));
        }
      }
    }
    return converge(c, w, now, deadline, inFlight);
  }

  /** Executes plans on the model until one is empty (at most 4 rounds, as the engine does). */
  private boolean converge(Case c, World w, Instant now, Instant deadline, boolean inFlight) {
    SlotPlan plan = planner.plan(retired(c.destroy()), w.observation(), now, UnmanagedTokens.REPORT);
    boolean cleaned = false;
    for (int round = 0; round < 4 && plan.actions().stream().anyMatch(x -> !(x instanceof PlannedAction.ReportUnmanaged)); round++) {
      cleaned |= plan.actions().contains(new DeleteState());
      plan.actions().forEach(x -> w.apply(x, retired(c.destroy()), now));
      plan = planner.plan(retired(c.destroy()), w.observation(), now, UnmanagedTokens.REPORT);
    }
    String what = c + " at " + now + " after executing: " + plan.actions();
    assertThat(plan.actions()).as(what).allMatch(x -> x instanceof PlannedAction.ReportUnmanaged);
    if (!now.isBefore(deadline) && !inFlight) {
      assertThat(plan.liveness().state()).as(what).isEqualTo(Liveness.State.RETIRED);
      assertThat(w.liveSlotTokens()).as("nothing of the slot live: " + what).isFalse();
      assertThat(w.tokens).as("other slots' and unmanaged tokens untouched: " + what)
          .extracting(TokenInfo::id).containsAll(w.untouchable);
    } else if (w.liveSlotTokens()) {
      assertThat(w.record).as("a live token is never left without the record: " + what).isPresent();
    }
    return cleaned;
  }

  private static int lastIndex(List<PlannedAction> a, Class<?> type) {
    int at = -1;
    for (int i = 0; i < a.size(); i++) {
      if (type.isInstance(a.get(i))) {
        at = i;
      }
    }
    return at;
  }

  /** A mutable model of what MotherDuck lists and Vault holds for the slot. */
  private static final class World {
    List<TokenInfo> tokens = new ArrayList<>();
    Optional<ServedToken> served = Optional.empty();
    boolean secretReadable;
    long keyVersion;
    long stateVersion;
    Map<String, Intent> intents = new java.util.LinkedHashMap<>();
    Map<String, Superseded> superseded = new java.util.LinkedHashMap<>();
    Optional<RetirementRecord> record = Optional.empty();
    Set<String> abandoned = new java.util.HashSet<>();
    final List<String> untouchable = new ArrayList<>();

    static World of(Case c, Instant now) {
      World w = new World();
      TokenInfo sToken = token("S", c.serve() == Serve.HAND_MADE ? "hand-served"
          : c.serve() == Serve.OTHER_SLOT ? TokenNames.format("ro", "000000000000000a")
          : TokenNames.format("rw", "0000000000000001"));
      if (c.serve() != Serve.NONE) {
        w.served = Optional.of(served("S", sToken.name()));
        w.secretReadable = true;
        w.keyVersion = 3;
        if (c.serve() != Serve.UNLISTED) {
          w.tokens.add(sToken);
        }
        if (c.serve() == Serve.OTHER_SLOT) {
          w.untouchable.add("S");
        }
      }
      if (c.sup() != Sup.NONE) {
        w.superseded.put("P", new Superseded("P", T0.minus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(30))));
        if (c.sup() == Sup.LISTED) {
          w.tokens.add(token("P", TokenNames.format("rw", "0000000000000000")));
        }
      }
      String iName = c.intent() == Int.SERVED ? sToken.name() : TokenNames.format("rw", "0000000000000002");
      Instant started = c.intent() == Int.STALE ? now.minus(BOUND).minusSeconds(60) : now.minusSeconds(30);
      if (c.intent() != Int.NONE) {
        w.intents.put("r2", new Intent("r2", iName, started, Optional.of("S").filter(x -> c.serve() != Serve.NONE)));
        if (c.intent() != Int.IN_FLIGHT_UNMINTED && c.intent() != Int.SERVED) {
          w.tokens.add(token("I", iName));
        }
        if (c.intent() == Int.ABANDONED) {
          w.abandoned.add("r2");
        }
      }
      if (c.orphan()) {
        w.tokens.add(token("R", TokenNames.format("rw", "0000000000000009")));
      }
      if (c.manual()) {
        w.tokens.add(token("M", "hand-made"));
        w.tokens.add(token("O", TokenNames.format("ro", "000000000000000b")));
        w.untouchable.add("M");
        w.untouchable.add("O");
      }
      switch (c.rec()) {
        case CURRENT -> w.record = Optional.of(new RetirementRecord(T0, T0.plus(GRACE)));
        case STALE_GRACE -> w.record = Optional.of(new RetirementRecord(T0, T0.plus(GRACE.multipliedBy(5))));
        case NOTHING_LIVE_AT_RECORD -> w.record = Optional.of(new RetirementRecord(T0, T0));
        default -> { }
      }
      boolean needsDoc = c.doc() || w.record.isPresent() || !w.intents.isEmpty() || !w.superseded.isEmpty();
      w.stateVersion = needsDoc ? 2 : 0;
      return w;
    }

    SlotObservation observation() {
      SlotState st = new SlotState(stateVersion, intents, superseded, record);
      return new SlotObservation(tokens, served, keyVersion, st, Failures.NONE,
          secretReadable ? Optional.of(Map.of()) : Optional.empty(), abandoned);
    }

    /** A listed token the slot manages (named for it, served and not another slot's, or superseded). */
    boolean liveSlotTokens() {
      return !doomed().isEmpty();
    }

    List<String> doomed() {
      List<String> out = new ArrayList<>();
      for (TokenInfo t : tokens) {
        if (TokenNames.parse(t.name()).isPresent() && !TokenNames.belongsTo(t.name(), "rw")) {
          continue; // another slot's
        }
        boolean named = TokenNames.belongsTo(t.name(), "rw");
        boolean servedOurs = served.map(s -> s.tokenId().equals(t.id())).orElse(false);
        boolean sup = superseded.containsKey(t.id());
        boolean replaced = intents.values().stream().anyMatch(i -> i.replacesTokenId().equals(Optional.of(t.id())));
        if (named || servedOurs || sup || replaced) {
          out.add(t.id());
        }
      }
      return out;
    }

    boolean intentInFlight(Instant now) {
      Optional<String> servedName = served.map(ServedToken::tokenName);
      return intents.values().stream().anyMatch(i -> !servedName.equals(Optional.of(i.tokenName()))
          && !abandoned.contains(i.rotationId()) && now.isBefore(i.startedAt().plus(BOUND)));
    }

    void revoke(String id) {
      tokens.removeIf(t -> t.id().equals(id));
    }

    void apply(PlannedAction a, SlotPolicy policy, Instant now) {
      if (a instanceof RecordRetirement r) {
        record = Optional.of(new RetirementRecord(r.recordedAt(), r.revokeAfter()));
        stateVersion++;
      } else if (a instanceof CompleteIntent ci) {
        intents.remove(ci.rotationId());
        ci.replacesTokenId().ifPresent(old -> superseded.put(old, new Superseded(old, now, now.plus(policy.gracePeriod()))));
        stateVersion++;
      } else if (a instanceof DropIntent d) {
        intents.remove(d.rotationId());
        stateVersion++;
      } else if (a instanceof RevokeSuperseded r) {
        revoke(r.tokenId());
        superseded.remove(r.tokenId());
        stateVersion++;
      } else if (a instanceof ForgetSuperseded f) {
        superseded.remove(f.tokenId());
        stateVersion++;
      } else if (a instanceof RevokeOrphan o) {
        revoke(o.tokenId());
      } else if (a instanceof RevokeRetired r) {
        revoke(r.tokenId());
      } else if (a instanceof DeleteSecret d) {
        served = Optional.empty();
        secretReadable = false;
        keyVersion = d.destroy() ? 0 : keyVersion;
      } else if (a instanceof DeleteState) {
        stateVersion = 0;
        intents.clear();
        superseded.clear();
        record = Optional.empty();
      }
    }
  }
}
