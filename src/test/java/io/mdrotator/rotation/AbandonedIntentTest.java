package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.TokenInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Found by the soak: a rotation that failed after minting and could not revoke its token
 * left its intent behind, and the engine forgot that the rotation was over. The planner then took
 * the intent for a rotation in flight: for {@code inFlightBound} (2 min) it blocked the slot's
 * retries and protected the orphan, so a token shorter-lived than that expired while served. The
 * engine now remembers the intents it abandoned and cleans them up at the next attempt.
 */
class AbandonedIntentTest {
  private final Harness h = new Harness();
  private RotationEngine engine;
  private String first;

  @BeforeEach
  void servedAndDue() {
    engine = h.engine();
    h.reconcile(engine);
    first = h.servedId().orElseThrow();
    h.clock.set(h.reconcile(engine).nextRotation().orElseThrow());
  }

  @Test
  void mintOutcomeUnknownAndCleanupFailedIsCleanedUpAtTheNextAttempt() {
    h.md.commitThenDropNextCreate();
    h.md.afterCreate = () -> h.md.failNextCalls(1); // the listing that would find it fails
    SlotOutcome failed = h.reconcile(engine);
    h.md.afterCreate = () -> {};
    assertThat(failed.failure().orElseThrow()).hasMessageContaining("outcome unknown");
    String orphan = managedOtherThan(first);
    assertThat(intents()).hasSize(1);

    SlotOutcome next = retry(failed);

    assertThat(next.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(h.md.revoked).contains(orphan);
    assertThat(intents()).isEmpty();
    h.assertHealthy();
  }

  @Test
  void storeOutcomeUnknownWithVaultUnreadableIsCleanedUpAtTheNextAttempt() {
    h.md.afterCreate = () -> h.kv.failCallsOn(h.slot.vaultPath(), 2); // write and read-back fail
    SlotOutcome failed = h.reconcile(engine);
    h.md.afterCreate = () -> {};
    assertThat(failed.failure().orElseThrow()).hasMessageContaining("failed at store");
    String orphan = managedOtherThan(first);

    SlotOutcome next = retry(failed);

    assertThat(next.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(h.md.revoked).contains(orphan);
    assertThat(h.servedId().orElseThrow()).isNotIn(first, orphan);
    h.assertHealthy();
  }

  @Test
  void anAbandonedIntentWhoseTokenVaultServesIsCompletedNeverRevoked() {
    // The write lands, its reply is lost and the read-back fails: the rotation fails, yet Vault serves it.
    h.md.afterCreate = () -> h.kv.loseNextWriteReplyOn(h.slot.vaultPath(), 1);
    SlotOutcome failed = h.reconcile(engine);
    h.md.afterCreate = () -> {};
    assertThat(failed.failed()).isTrue();
    String stored = h.servedId().orElseThrow();
    assertThat(stored).isNotEqualTo(first);

    h.clock.set(failed.nextWakeUp());
    SlotOutcome next = h.reconcile(engine);

    assertThat(next.failed()).isFalse();
    assertThat(h.md.revoked).doesNotContain(stored);
    assertThat(h.servedId()).contains(stored);
    assertThat(intents()).isEmpty();
    h.assertHealthy();
  }

  /** The retry comes well inside inFlightBound, so only the engine's memory can explain a clean-up. */
  private SlotOutcome retry(SlotOutcome failed) {
    Instant at = failed.nextWakeUp();
    assertThat(Duration.between(h.clock.instant(), at)).isLessThan(h.options.inFlightBound());
    h.clock.set(at);
    return h.reconcile(engine);
  }

  private String managedOtherThan(String served) {
    List<TokenInfo> others = h.md.live(Harness.USER).stream().filter(t -> !t.id().equals(served)).toList();
    assertThat(others).hasSize(1);
    return others.get(0).id();
  }

  private java.util.Map<String, SlotState.Intent> intents() {
    return new StateStore(h.kv).read(h.options.statePath(Harness.USER, "rw")).intents();
  }
}
