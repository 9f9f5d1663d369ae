package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RotationEngineTest {
  private final Harness h = new Harness();

  @Test
  void firstIssueStoresTheConsumerContractAndPlansTheRotation() {
    SlotOutcome o = h.reconcile(h.engine());

    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    KvVersion v = h.kv.versions(h.slot.vaultPath()).get(0);
    KvData d = v.data();
    TokenInfo t = h.md.live(Harness.USER).get(0);
    assertThat(d.keys()).contains("token", "token_id", "token_name", "token_type", "username",
        "expires_at", "created_at");
    assertThat(d.get("token_id")).contains(t.id());
    assertThat(d.secret("token")).isPresent();
    assertThat(d.get("token_type")).contains("read_write");
    assertThat(d.get("expires_at")).contains(t.expiresAt().orElseThrow().toString());
    assertThat(TokenNames.parse(t.name()).orElseThrow().slot()).isEqualTo("rw");
    assertThat(h.kv.customMetadata(h.slot.vaultPath())).containsEntry("managed-by", "md-rotator");
    Instant expiry = Harness.T0.plus(Duration.ofHours(1));
    assertThat(o.nextRotation().orElseThrow()).isBetween(expiry.minus(Duration.ofMinutes(22)),
        expiry.minus(Duration.ofMinutes(20)));
    assertThat(h.events.lines).anyMatch(l -> l.startsWith("verified " + t.id()));
  }

  @Test
  void rotatesBeforeExpiryAndRevokesAfterGraceNotBefore() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    String first = h.servedId().orElseThrow();
    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());

    SlotOutcome rotated = h.reconcile(e);

    assertThat(rotated.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(h.clock.instant()).isBefore(Harness.T0.plus(Duration.ofMinutes(41)));
    assertThat(h.servedId()).isNotEqualTo(Optional.of(first));
    assertThat(h.kv.versions(h.slot.vaultPath()).get(0).data().get("token_id")).contains(first);
    Instant revokeAt = h.clock.instant().plus(h.slot.gracePeriod());
    assertThat(rotated.nextWakeUp()).isEqualTo(revokeAt);
    assertThat(rotated.nextRotation().orElseThrow()).isAfter(revokeAt);

    h.clock.set(revokeAt.minusSeconds(1));
    h.reconcile(e);
    assertThat(h.md.revoked).isEmpty();
    h.clock.set(revokeAt);
    SlotOutcome after = h.reconcile(e);
    assertThat(h.md.revoked).containsExactly(first);
    assertThat(after.revokedTokenIds()).containsExactly(first);
    h.assertHealthy();
  }

  @Test
  void externallyRevokedTokenIsReplacedAtOnce() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    h.md.revokeOutside(Harness.USER, h.servedId().orElseThrow());
    h.clock.advance(Duration.ofMinutes(1));

    assertThat(h.reconcile(e).status()).isEqualTo(SlotOutcome.Status.ROTATED);
    h.assertHealthy();
  }

  @Test
  void tokenTypeChangeAndMissingSecretRotateAtOnce() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    h.slot = new SlotPolicy(h.slot.id(), TokenType.READ_SCALING, h.slot.ttl(),
        h.slot.renewBefore(), h.slot.gracePeriod(), h.slot.vaultPath());
    h.account = Harness.account(UnmanagedTokens.REPORT, h.slot);
    assertThat(h.reconcile(e).status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(h.servedInfo().type()).isEqualTo(TokenType.READ_SCALING);

    h.kv.softDeleteLatest(h.slot.vaultPath());
    assertThat(h.reconcile(e).status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(h.kv.versions(h.slot.vaultPath())).hasSize(3);
  }

  @Test
  void vaultOutageDuringRotationRecoversWithoutOrphans() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
    h.kv.loseNextWriteReplyOn(h.slot.vaultPath());
    SlotOutcome lost = h.reconcile(e);
    assertThat(lost.status()).isEqualTo(SlotOutcome.Status.ROTATED); // resolved by re-reading
    h.kv.loseNextWriteReplyOn(h.options.statePath(Harness.USER, "rw"));
    h.clock.set(lost.nextWakeUp());
    assertThat(h.reconcile(e).failed()).isFalse(); // a lost state write is resolved the same way

    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
    h.kv.failNextCalls(7);
    SlotOutcome failed = h.reconcile(e);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.failure().orElseThrow()).hasMessageContaining("Vault");

    h.runUntil(e, h.clock.instant().plus(Duration.ofMinutes(15)));
    h.assertHealthy();
  }

  @Test
  void vaultDownAtStoreKeepsTheIntentThenRevokesTheOrphanAndRotates() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    String first = h.servedId().orElseThrow();
    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
    // Right after minting: the write and the read-back that would resolve it both fail.
    h.md.afterCreate = () -> h.kv.failCallsOn(h.slot.vaultPath(), 2);

    SlotOutcome failed = h.reconcile(e);

    assertThat(failed.failed()).isTrue();
    assertThat(failed.failure().orElseThrow()).hasMessageContaining("failed at store");
    assertThat(h.md.revoked).isEmpty(); // unknown outcome: never revoke what Vault might serve
    assertThat(h.md.live(Harness.USER)).hasSize(2);
    h.md.afterCreate = () -> {};
    h.runUntil(e, h.clock.instant().plus(Duration.ofMinutes(4)));
    assertThat(h.events.lines).anyMatch(l -> l.endsWith(" orphan true"));
    assertThat(h.servedId()).isNotEqualTo(Optional.of(first));
    h.assertHealthy();
  }

  @Test
  void motherDuckStormRetriesFitBeforeExpiryAndEscalate() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    Instant expiry = h.servedInfo().expiresAt().orElseThrow();
    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
    h.md.failNextCreates(12);

    List<SlotOutcome> outcomes = h.runUntil(e, expiry.minusSeconds(1));

    assertThat(h.events.failures).hasSize(12);
    assertThat(h.events.failures).allSatisfy(f -> {
      assertThat(f.nextAttempt()).isBefore(expiry.minus(h.options.deadlineMargin()).plusMillis(1));
      assertThat(f.deadline()).contains(expiry);
    });
    assertThat(h.events.failures.get(11).consecutive()).isEqualTo(12);
    assertThat(outcomes).anyMatch(o -> o.status() == SlotOutcome.Status.ROTATED);
    assertThat(h.servedInfo().expiresAt().orElseThrow()).isAfter(expiry);
    h.assertHealthy();
  }

  @Test
  void createCommitThenDropLeavesNoOrphan() {
    RotationEngine e = h.engine();
    h.md.commitThenDropNextCreate();
    SlotOutcome o = h.reconcile(e);

    assertThat(o.failed()).isTrue();
    assertThat(o.failure().orElseThrow()).hasMessageContaining("outcome unknown");
    assertThat(h.md.revoked).hasSize(1);
    h.clock.set(o.nextWakeUp());
    assertThat(h.reconcile(e).status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(h.md.live(Harness.USER)).hasSize(1);
    h.assertHealthy();
  }

  @Test
  void casRaceBetweenTwoEnginesStoresExactlyOneAndLoserRevokes() {
    RotationEngine a = h.engine();
    RotationEngine b = h.engine();
    boolean[] once = {false};
    h.md.afterCreate = () -> {
      if (!once[0]) {
        once[0] = true;
        assertThat(b.rotateNow(h.slot, h.account, false).status())
            .isEqualTo(SlotOutcome.Status.ROTATED);
      }
    };

    SlotOutcome o = a.reconcile(h.slot, h.account);

    assertThat(h.kv.versions(h.slot.vaultPath())).hasSize(1);
    assertThat(h.events.count("casLost")).isEqualTo(1);
    assertThat(h.md.revoked).hasSize(1);
    assertThat(h.md.live(Harness.USER)).extracting(TokenInfo::id)
        .containsExactly(h.servedId().orElseThrow());
    assertThat(o.failed()).isFalse();
    h.assertHealthy();
  }

  @Test
  void unmanagedTokensAreReportedOrRevokedPerPolicyAndOtherSlotsLeftAlone() {
    TokenInfo human = h.md.addToken(Harness.USER, "backend-api", Duration.ofDays(1));
    TokenInfo other = h.md.addToken(Harness.USER, TokenNames.format("ro", "abc"), Duration.ofDays(1));
    h.clock.advance(Duration.ofMinutes(5));
    SlotOutcome o = h.reconcile(h.engine());
    assertThat(o.unmanagedTokens()).isEqualTo(1);
    assertThat(h.md.revoked).isEmpty();

    h.account = Harness.account(UnmanagedTokens.REVOKE, h.slot);
    h.reconcile(h.engine());
    assertThat(h.md.revoked).containsExactly(human.id());
    assertThat(h.md.live(Harness.USER)).extracting(TokenInfo::id).contains(other.id());
  }

  @Test
  void ensureExistsCreatesTheAccountAndDucklingsAreSetOnlyOnDrift() {
    h.md.deleteServiceAccount(Harness.USER);
    DucklingConfig desired = new DucklingConfig(
        new DucklingConfig.ReadWrite(DucklingConfig.InstanceSize.STANDARD, Optional.of(300)),
        new DucklingConfig.ReadScaling(DucklingConfig.InstanceSize.PULSE, 2, Optional.empty()));
    h.account = new AccountPolicy(Harness.USER, true, Optional.of(desired),
        UnmanagedTokens.REPORT, List.of(h.slot));
    RotationEngine e = h.engine();

    assertThat(h.reconcile(e).status()).isEqualTo(SlotOutcome.Status.ROTATED);
    h.reconcile(e);
    assertThat(h.md.setDucklingsCalls).isEqualTo(1);
    assertThat(h.md.getDucklings(Harness.USER)).isEqualTo(desired);
  }

  @Test
  void missingAccountWithoutEnsureExistsFails() {
    h.md.deleteServiceAccount(Harness.USER);
    SlotOutcome o = h.reconcile(h.engine());
    assertThat(o.failed()).isTrue();
    assertThat(o.failure().orElseThrow()).isInstanceOf(MotherDuckApiException.class);
  }

  @Test
  void rotateNowInCompromiseModeRevokesAllOthersAfterTheNewOneIsVerified() {
    RotationEngine e = h.engine();
    h.reconcile(e);
    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
    h.reconcile(e);
    assertThat(h.md.live(Harness.USER)).hasSize(2);
    h.checkGrace = false;

    SlotOutcome o = e.rotateNow(h.slot, h.account, true);

    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(o.revokedTokenIds()).hasSize(2);
    assertThat(h.md.live(Harness.USER)).extracting(TokenInfo::id)
        .containsExactly(h.servedId().orElseThrow());
    assertThat(h.events.lines).anyMatch(l -> l.endsWith("compromise true"));
    h.assertHealthy();
  }

  @Test
  void inspectIsReadOnlyAndShowsPendingWork() {
    RotationEngine e = h.engine();
    SlotReport before = e.inspect(h.slot, h.account, h.clock.instant());
    assertThat(before.dueNow()).containsExactly(
        new PlannedAction.Rotate(PlannedAction.RotateReason.MISSING_IN_VAULT));
    assertThat(h.md.created).isZero();

    h.reconcile(e);
    h.clock.set(h.reconcile(e).nextRotation().orElseThrow());
    h.reconcile(e);
    SlotReport r = e.inspect(h.slot, h.account, h.clock.instant());
    assertThat(r.pendingRevocations()).hasSize(1);
    assertThat(r.servedTokenId()).isEqualTo(h.servedId());
    assertThat(r.nextRotation()).isPresent();
  }

  @Test
  void noSecretReachesOutcomesEventsOrExceptions() {
    RotationEngine e = h.engine();
    h.md.commitThenDropNextCreate();
    StringBuilder seen = new StringBuilder();
    seen.append(h.reconcile(e));
    h.runUntil(e, Harness.T0.plus(Duration.ofHours(3))).forEach(o -> {
      seen.append(o);
      o.failure().ifPresent(f -> seen.append(f.getMessage()));
    });
    h.kv.failNextCalls(1);
    seen.append(h.reconcile(e));
    seen.append(e.inspect(h.slot, h.account, h.clock.instant()));
    h.events.lines.forEach(seen::append);
    h.events.failures.forEach(f -> appendChain(seen, f.cause()));

    assertThat(h.md.secretsIssued).hasSizeGreaterThan(3);
    for (String secret : h.md.secretsIssued) {
      assertThat(seen.toString()).doesNotContain(secret);
    }
  }

  private static void appendChain(StringBuilder b, Throwable t) {
    for (; t != null; t = t.getCause()) {
      b.append(t).append(java.util.Arrays.toString(t.getSuppressed()));
    }
  }
}
