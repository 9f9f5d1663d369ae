package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckAuthException;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.Liveness.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine keeps consumers served: urgent retries when at risk, Ducklings apart, causes kept. */
class LivenessEngineTest {
  private final Harness h = new Harness();

  @Test
  void aTokenThatExpiredDuringAnOutageIsReplacedWithinTheUrgentIntervalOfTheHeal() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    Instant expiry = h.servedInfo().expiresAt().orElseThrow();
    h.md.createRejection = () -> new MotherDuckApiException("createToken", Harness.USER, 503, null, "down", List.of(), null);
    h.runUntil(e, expiry.plus(Duration.ofMinutes(30))); // 50 minutes of refused creates, token dead for 30

    assertThat(e.consecutiveFailures(h.slot.id())).as("a long failure streak").isGreaterThan(20);
    assertThat(h.events.liveness.get(h.events.liveness.size() - 1).state()).isEqualTo(State.EXPIRED);
    // healed just after the latest failed attempt; the engine looks again at its planned wake-up (now)
    Instant healed = h.events.failures.get(h.events.failures.size() - 1).at().plusMillis(1);
    h.md.createRejection = null;
    SlotOutcome o = h.reconcile(e);

    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(Duration.between(healed, h.clock.instant())).isLessThanOrEqualTo(h.options.urgentRetry());
    assertThat(o.servedExpiresAt().orElseThrow()).isAfter(healed);
    assertThat(h.events.lines).anyMatch(l -> l.endsWith("served_token_expired"));
  }

  @Test
  void everyRetryOfAnAtRiskSlotIsPlannedWithinTheUrgentInterval() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    h.md.createRejection = () -> new MotherDuckApiException("createToken", Harness.USER, 503, null, "down", List.of(), null);
    Instant expiry = h.servedInfo().expiresAt().orElseThrow();
    h.runUntil(e, expiry.plus(Duration.ofMinutes(20)));

    // Due 20 minutes before expiry (renewBefore): every failure from then on is at risk.
    assertThat(h.events.failures).hasSizeGreaterThan(200);
    for (RecordingListener.Failure f : h.events.failures) {
      assertThat(f.nextAttempt()).as("failure %d at %s", f.consecutive(), f.at())
          .isBeforeOrEqualTo(f.at().plus(h.options.urgentRetry()));
    }
  }

  @Test
  void aRevokedServedTokenIsRotatedAtTheNextLookWithItsCauseNamed() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    String revoked = h.servedId().orElseThrow();
    h.md.revokeOutside(Harness.USER, revoked);
    h.clock.advance(Duration.ofSeconds(30));

    SlotOutcome o = h.reconcile(e);

    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(h.events.lines).contains("starting " + h.slot.id() + " served_token_revoked_externally");
    assertThat(h.events.liveness).anySatisfy(l -> {
      assertThat(l.state()).isEqualTo(State.REVOKED);
      assertThat(l.tokenId()).contains(revoked);
      assertThat(l.expiresAt()).as("expiry known from Vault").isPresent();
    });
  }

  @Test
  void aStateWriteFailureAfterTheStoreIsRetriedUrgentlyEvenForAFreshToken() {
    RotationEngine e = h.engine();
    String statePath = h.options.statePath(Harness.USER, "rw");
    h.md.afterCreate = () -> h.kv.failCallsOn(statePath, 1); // the completion write fails
    SlotOutcome failed = h.reconcile(e);

    assertThat(failed.failed()).isTrue();
    assertThat(failed.failure().orElseThrow()).isInstanceOf(RotationFailedException.class)
        .hasMessageContaining("failed at complete");
    assertThat(failed.nextWakeUp()).isBeforeOrEqualTo(h.clock.instant().plus(h.options.urgentRetry()));
    h.md.afterCreate = () -> {};
    h.clock.set(failed.nextWakeUp());
    h.reconcile(e);
    h.assertHealthy();
  }

  @Test
  void aStoreFailureCloseToExpiryIsRetriedBeforeTheServedTokenExpires() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    Instant expiry = h.servedInfo().expiresAt().orElseThrow();
    h.clock.set(expiry.minusSeconds(10)); // due, 10 s left
    h.md.afterCreate = () -> h.kv.failCallsOn(h.slot.vaultPath(), 2); // the store and its re-read fail

    SlotOutcome failed = h.reconcile(e);

    assertThat(failed.failed()).isTrue();
    assertThat(failed.failure().orElseThrow()).hasMessageContaining("failed at store");
    assertThat(failed.nextWakeUp()).as("a quarter of what is left, not the urgent 10 s")
        .isBeforeOrEqualTo(h.clock.instant().plus(Duration.between(h.clock.instant(), expiry).dividedBy(4)));
    h.md.afterCreate = () -> {};
    h.clock.set(failed.nextWakeUp());
    assertThat(h.reconcile(e).status()).isEqualTo(SlotOutcome.Status.ROTATED);
    h.assertHealthy();
  }

  @Test
  void aMintRejectionKeepsTheServersReasonInTheFailure() {
    RotationEngine e = h.engine();
    h.md.createRejection = () -> new MotherDuckAuthException("createToken", Harness.USER, 403, "FORBIDDEN",
        "admins cannot create tokens for other members; only for service accounts", List.of());

    SlotOutcome o = h.reconcile(e);

    Throwable cause = o.failure().orElseThrow();
    assertThat(cause.getMessage()).contains("failed at mint").contains("HTTP 403 FORBIDDEN")
        .contains("only for service accounts");
    assertThat(FailureReason.of(cause)).isEqualTo(FailureReason.MOTHERDUCK_FORBIDDEN);
  }

  @Test
  void aRefusedDucklingConfigDoesNotBlockTokensAndIsRetriedWithBackoff() {
    h.account = withDucklings(config(Optional.empty()));
    h.md.ducklingRejection = () -> new MotherDuckApiException("setDucklings", Harness.USER, 400, "BAD_REQUEST",
        "Invalid config for tier", List.of("read_scaling.flock_size: above the org limit"), null);
    RotationEngine e = h.engine();
    Instant start = h.clock.instant();

    h.runUntil(e, start.plus(Duration.ofHours(3)));

    assertThat(h.events.count("stored")).as("first token and rotations").isGreaterThanOrEqualTo(4);
    h.assertHealthy();
    assertThat(h.events.ducklings).isNotEmpty().allSatisfy(c -> {
      assertThat(c.status()).isEqualTo(DucklingStatus.REJECTED);
      assertThat(c.failure().orElseThrow()).hasMessageContaining("Invalid config for tier");
    });
    // backoff from 5 s doubling to 10 min: about 24 PUTs in 3 hours, not one per run
    assertThat(h.md.setDucklingsCalls).isBetween(5, 30);
    assertThat(h.events.count("observed")).isGreaterThan(h.md.setDucklingsCalls);
  }

  @Test
  void aServerDefaultTheServerFillsInCausesNoRepeatedPut() {
    h.account = withDucklings(config(Optional.empty()));
    h.md.ducklingNormalizer = c -> config(Optional.of(60)); // MotherDuck's default cooldown
    RotationEngine e = h.engine();
    Instant start = h.clock.instant();
    for (int i = 0; i < 30; i++) { // a run every 10 s for 5 minutes
      h.reconcile(e);
      h.clock.set(start.plusSeconds(10L * (i + 1)));
    }
    assertThat(h.md.setDucklingsCalls).isEqualTo(1);
    assertThat(h.events.ducklings.get(0).status()).isEqualTo(DucklingStatus.UPDATED);
    assertThat(h.events.ducklings.subList(1, h.events.ducklings.size()))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(DucklingStatus.IN_SYNC));
  }

  @Test
  void aPolicyCooldownThatDiffersFromTheServersIsADrift() {
    DucklingConfig observed = config(Optional.of(60));
    assertThat(DucklingSync.satisfies(observed, config(Optional.empty()))).isTrue();
    assertThat(DucklingSync.satisfies(observed, config(Optional.of(60)))).isTrue();
    assertThat(DucklingSync.satisfies(observed, config(Optional.of(300)))).isFalse();
    DucklingConfig bigger = new DucklingConfig(observed.readWrite(),
        new DucklingConfig.ReadScaling(InstanceSize.STANDARD, 8, Optional.empty()));
    assertThat(DucklingSync.satisfies(observed, bigger)).isFalse();
  }

  @Test
  void rotateNowAppliesTheDucklingsToo() {
    h.account = withDucklings(config(Optional.empty()));
    RotationEngine e = h.engine();

    e.rotateNow(h.slot, h.account, false);

    assertThat(h.md.setDucklingsCalls).isEqualTo(1);
    assertThat(h.events.lines).contains("starting " + h.slot.id() + " forced");
  }

  private AccountPolicy withDucklings(DucklingConfig desired) {
    return new AccountPolicy(Harness.USER, false, Optional.of(desired), UnmanagedTokens.REPORT, List.of(h.slot));
  }

  private static DucklingConfig config(Optional<Integer> cooldown) {
    return new DucklingConfig(new DucklingConfig.ReadWrite(InstanceSize.STANDARD, cooldown),
        new DucklingConfig.ReadScaling(InstanceSize.STANDARD, 4, cooldown));
  }
}
