package io.mdrotator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.MutableClock;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Retirement;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.RetirementEvent;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.testing.Emulators;
import io.mdrotator.testing.EventLines;
import io.mdrotator.testing.Reconciles;
import io.mdrotator.testing.Slots;
import io.mdrotator.tools.crash.CrashHooks;
import io.mdrotator.tools.crash.SimulatedCrash;
import io.mdrotator.tools.probe.ConsumerProbe;
import io.mdrotator.tools.probe.NoLiveSpan;
import io.mdrotator.tools.probe.ProbeTarget;
import io.mdrotator.tools.probe.ProbeViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retirement against both emulators over HTTP with the real adapters, a consumer probe reading the
 * slot as an application does, and a hand-moved clock: the consumer keeps a valid token until the
 * retirement deadline and none after it; a crash at every retirement step resumes on a restarted
 * engine with nothing live left and nothing revoked before the deadline; {@code retire --now}.
 */
class RetirementE2eTest {
  private static final String USER = "legacy_app";
  private static final Duration GRACE = Duration.ofMinutes(30);

  /** Records each revocation's instant and each retirement step, for early-revocation checks. */
  private static final class Audit extends EventLines {
    final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();
    private final MutableClock clock;

    Audit(MutableClock clock) {
      this.clock = clock;
    }

    @Override
    public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
      lines.add("revoked " + tokenId + " " + reason.label() + " " + success);
      if (success) {
        revokedAt.putIfAbsent(tokenId, clock.instant());
      }
    }
  }

  private static final class World implements AutoCloseable {
    final MutableClock clock = MutableClock.atNow();
    final Emulators emulators = Emulators.start(clock, "retire", USER);
    final SlotPolicy slot = Slots.readWrite(USER, "rw", Duration.ofHours(2), Duration.ofMinutes(40), Duration.ofMinutes(5));
    final SlotPolicy neighbour = Slots.readWrite(USER, "ro", Duration.ofDays(2), Duration.ofHours(8), Duration.ofMinutes(5));
    final AccountPolicy account = Slots.account(USER, slot, neighbour);
    final Audit audit = new Audit(clock);
    final ConsumerProbe consumer = ConsumerProbe.manual(emulators.md, emulators.vault, clock,
        List.of(new ProbeTarget(slot.id().toString(), "secret", slot.vaultPath())));

    RotationEngine engine(StepHook hook) {
      return new RotationEngine(emulators.mdClient(clock), emulators.kvStore(emulators.rootAuth(), clock),
          EngineOptions.DEFAULTS, clock, audit, hook);
    }

    /** Reconciles {@code s} at every wake-up (and the probe reads after each) until {@code until}. */
    List<SlotOutcome> runUntil(RotationEngine e, SlotPolicy s, Instant until) {
      return Reconciles.until(clock, () -> {
        SlotOutcome o = e.reconcile(s, account);
        consumer.checkOnce();
        return o;
      }, until, 500, true);
    }

    List<TokenInfo> slotTokens() {
      return emulators.md.liveTokens(USER).stream().filter(t -> t.name().startsWith("md-rotator/rw/")).toList();
    }

    String statePath() {
      return EngineOptions.DEFAULTS.statePath(USER, "rw");
    }

    /** Nothing of the slot left; the neighbour slot untouched and served. */
    void assertRetired(String servedBefore, Instant deadline) {
      assertThat(slotTokens()).as("no live token of the slot").isEmpty();
      assertThat(emulators.md.isTokenLive(servedBefore)).isFalse();
      assertThat(audit.revokedAt.get(servedBefore)).as("served token revoked at the deadline, not before")
          .isAfterOrEqualTo(deadline);
      assertThat(emulators.vault.currentData(slot.vaultPath())).as("Vault serves nothing").isEmpty();
      assertThat(emulators.vault.currentVersion(statePath())).as("state document removed").isZero();
      String neighbourToken = String.valueOf(emulators.vault.currentData(neighbour.vaultPath()).orElseThrow().get("token_id"));
      assertThat(emulators.md.isTokenLive(neighbourToken)).as("the neighbour slot keeps its token").isTrue();
    }

    @Override
    public void close() {
      consumer.close();
      emulators.close();
    }
  }

  @Test
  void consumersKeepAValidTokenUntilTheRetirementDeadlineThenHaveNone() {
    try (World w = new World()) {
      RotationEngine e = w.engine(StepHook.NONE);
      e.reconcile(w.neighbour, w.account);
      Instant start = w.clock.instant();
      w.runUntil(e, w.slot, start.plus(Duration.ofMinutes(100))); // a rotation: one token superseded, then revoked
      assertThat(w.audit.lines).anyMatch(l -> l.endsWith(" superseded true"));
      String served = String.valueOf(w.emulators.vault.currentData(w.slot.vaultPath()).orElseThrow().get("token_id"));
      assertThat(w.consumer.figures().violations()).as("in service").isEmpty();

      SlotPolicy retired = w.slot.retiredAs(new Retirement(GRACE, false));
      Instant recordedAt = w.clock.instant();
      Instant deadline = recordedAt.plus(GRACE);
      // the engine runs at its own wake-ups, the consumer reads at least once a minute
      Instant nextRun = w.clock.instant();
      while (w.clock.instant().isBefore(deadline.plus(Duration.ofMinutes(10)))) {
        if (!w.clock.instant().isBefore(nextRun)) {
          SlotOutcome o = e.reconcile(retired, w.account);
          assertThat(o.failed()).as(String.valueOf(o.failure())).isFalse();
          nextRun = o.nextWakeUp().isAfter(w.clock.instant()) ? o.nextWakeUp() : w.clock.instant().plusSeconds(1);
        }
        w.consumer.checkOnce();
        Instant minute = w.clock.instant().plus(Duration.ofMinutes(1));
        w.clock.set(nextRun.isBefore(minute) ? nextRun : minute);
      }

      assertThat(w.consumer.figures().reads()).as("the consumer read through the grace period")
          .isGreaterThan(GRACE.toMinutes());
      List<ProbeViolation> violations = w.consumer.figures().violations();
      assertThat(violations).as("no read fails before the deadline").allSatisfy(v -> {
        assertThat(v.at()).isAfterOrEqualTo(deadline);
        assertThat(v.kind()).isEqualTo(ProbeViolation.Kind.VANISHED);
      });
      assertThat(violations).as("after the deadline the consumer has no token").isNotEmpty();
      List<NoLiveSpan> spans = w.consumer.noLiveSpans();
      System.out.printf("retirement e2e: %d consumer reads, %d after the deadline (all empty), grace %s%n",
          w.consumer.figures().reads(), w.consumer.figures().violationCount(), GRACE);
      assertThat(spans).hasSize(1);
      assertThat(spans.get(0).from()).as("the engine ran at the deadline").isEqualTo(deadline);
      assertThat(spans.get(0).until()).as("never served again").isEmpty();
      w.assertRetired(served, deadline);
      assertThat(w.audit.lines.stream().filter(l -> l.startsWith("retirement ")).toList()).containsExactly(
          "retirement recorded", "retirement secret_deleted", "retirement state_deleted");
      assertThat(w.audit.lines).contains("revoked " + served + " retired true");
      assertThat(w.emulators.vault.currentVersion(w.slot.vaultPath())).as("soft delete keeps the history").isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolStep.class,
      names = {"AFTER_RETIREMENT_RECORD", "BEFORE_REVOKE", "AFTER_REVOKE", "AFTER_SECRET_DELETE", "AFTER_STATE_DELETE"})
  void aCrashAtEveryRetirementStepThenARestartLeavesNothingLiveAndRevokesNothingEarly(ProtocolStep step) {
    try (World w = new World()) {
      RotationEngine e = w.engine(StepHook.NONE);
      e.reconcile(w.neighbour, w.account);
      e.reconcile(w.slot, w.account);
      String served = String.valueOf(w.emulators.vault.currentData(w.slot.vaultPath()).orElseThrow().get("token_id"));
      SlotPolicy retired = w.slot.retiredAs(new Retirement(GRACE, true));
      Instant deadline = w.clock.instant().plus(GRACE);
      RotationEngine crashing = w.engine(CrashHooks.throwingAt(step));
      if (step != ProtocolStep.AFTER_RETIREMENT_RECORD) {
        e.reconcile(retired, w.account);
        w.runUntil(e, retired, deadline.minusSeconds(1));
        w.clock.set(deadline);
      }
      assertThatThrownBy(() -> crashing.reconcile(retired, w.account)).isInstanceOf(SimulatedCrash.class);
      w.consumer.checkOnce();

      RotationEngine restarted = w.engine(StepHook.NONE);
      List<SlotOutcome> after = w.runUntil(restarted, retired, deadline.plus(Duration.ofMinutes(15)));

      assertThat(after).noneMatch(SlotOutcome::failed);
      w.assertRetired(served, deadline);
      assertThat(w.emulators.vault.currentVersion(w.slot.vaultPath())).as("destroyed").isZero();
      assertThat(w.consumer.figures().violations()).allSatisfy(v -> assertThat(v.at()).isAfterOrEqualTo(deadline));
    }
  }

  @Test
  void retireNowRevokesAtOnceAndCleansVault() {
    try (World w = new World()) {
      RotationEngine e = w.engine(StepHook.NONE);
      e.reconcile(w.neighbour, w.account);
      e.reconcile(w.slot, w.account);
      String served = String.valueOf(w.emulators.vault.currentData(w.slot.vaultPath()).orElseThrow().get("token_id"));
      Instant now = w.clock.instant();

      SlotOutcome o = w.engine(StepHook.NONE).retireNow(w.slot, w.account, false);

      assertThat(o.failed()).as(String.valueOf(o.failure())).isFalse();
      assertThat(o.revokedTokenIds()).containsExactly(served);
      w.assertRetired(served, now);
      assertThat(w.audit.lines.stream().filter(l -> l.startsWith("retirement ")).toList()).containsExactly(
          "retirement " + RetirementEvent.Step.RECORDED.label(), "retirement secret_deleted", "retirement state_deleted");
    }
  }
}
