package io.mdrotator.e2e;

import static io.mdrotator.e2e.E2eWorld.USER;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.CREATE_TOKEN;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.LIST_TOKENS;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.REVOKE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.Fault;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.port.KvVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rotation engine against both emulators over HTTP, through the real MotherDuck client and
 * Vault store, on a shared controllable clock. Every step is followed by the slot watch (the
 * token Vault serves is live in MotherDuck) and every revocation is audited against Vault's history.
 */
class RotationE2eTest {
  private final E2eWorld w = new E2eWorld();

  @AfterEach
  void close() {
    w.close();
  }

  private Instant expiryOf(String id) {
    return w.watch.liveToken(id).orElseThrow().expiresAt().orElseThrow();
  }

  private Instant storedAt(long version) {
    return w.kvStore().readVersion(w.slot.vaultPath(), version).orElseThrow().createdTime();
  }

  /** First issue, then the clock at the planned rotation; returns the engine. */
  private RotationEngine issueAndWaitForDue() {
    RotationEngine e = w.engine();
    SlotOutcome first = w.reconcile(e);
    w.clock.set(first.nextRotation().orElseThrow());
    return e;
  }

  @Test
  void firstIssueStoresTheConsumerContractWithALiveManagedToken() {
    Instant t0 = w.clock.instant();
    SlotOutcome o = w.reconcile(w.engine());

    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    Map<String, Object> data = w.watch.served();
    assertThat(data).containsKeys("token", "token_id", "token_name", "token_type", "username",
        "expires_at", "created_at");
    assertThat(data).containsEntry("username", USER).containsEntry("token_type", "read_write");
    TokenInfo live = w.watch.liveToken((String) data.get("token_id")).orElseThrow();
    assertThat(live.name()).startsWith("md-rotator/rw/");
    assertThat(Instant.parse((String) data.get("expires_at")))
        .isEqualTo(live.expiresAt().orElseThrow()).isEqualTo(t0.plus(E2eWorld.TTL));
    assertThat(Instant.parse((String) data.get("created_at"))).isEqualTo(live.createdAt());
    KvVersion v = w.kvStore().readLatest(w.slot.vaultPath()).orElseThrow();
    assertThat(v.customMetadata()).containsEntry("managed-by", "md-rotator")
        .containsEntry("slot", USER + "/rw");
    assertThat(w.md.liveTokens(USER)).hasSize(1);
    assertThat(w.md.calls(CREATE_TOKEN)).isEqualTo(1);
    assertThat(w.vault.currentVersion(w.slot.vaultPath())).isEqualTo(1);

    SlotOutcome again = w.reconcile(w.engine()); // a restart changes nothing
    assertThat(again.status()).isEqualTo(SlotOutcome.Status.OK);
    assertThat(w.md.calls(CREATE_TOKEN)).isEqualTo(1);
    assertThat(w.vault.currentVersion(w.slot.vaultPath())).isEqualTo(1);
  }

  @Test
  void rotatesBeforeExpiryAndKeepsTheOldTokenLive() {
    RotationEngine e = w.engine();
    SlotOutcome first = w.reconcile(e);
    String a = w.watch.servedId();
    Instant expiry = expiryOf(a);
    Instant due = first.nextRotation().orElseThrow();
    assertThat(due).isBetween(expiry.minus(E2eWorld.RENEW_BEFORE.multipliedBy(11).dividedBy(10)),
        expiry.minus(E2eWorld.RENEW_BEFORE));

    w.clock.set(due.minusSeconds(1));
    assertThat(w.reconcile(e).status()).isEqualTo(SlotOutcome.Status.OK);
    assertThat(w.watch.servedId()).isEqualTo(a);

    w.clock.set(expiry.minus(E2eWorld.RENEW_BEFORE));
    SlotOutcome rotated = w.reconcile(e);
    assertThat(rotated.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    String b = w.watch.servedId();
    assertThat(b).isNotEqualTo(a);
    assertThat(w.md.isTokenLive(a)).isTrue();
    assertThat(w.md.isTokenLive(b)).isTrue();
    assertThat(w.vault.currentVersion(w.slot.vaultPath())).isEqualTo(2);
    assertThat(w.auditor.revocations).isEmpty();
    w.watch.assertNoOrphans();
  }

  @Test
  void revokesTheSupersededTokenAtGraceAndNotBefore() {
    RotationEngine e = issueAndWaitForDue();
    String a = w.watch.servedId();
    w.reconcile(e);
    Instant revokeAfter = storedAt(2).plus(E2eWorld.GRACE);

    w.clock.set(revokeAfter.minusSeconds(1));
    SlotOutcome before = w.reconcile(e);
    assertThat(w.md.isTokenLive(a)).isTrue();
    assertThat(before.nextWakeUp()).isBeforeOrEqualTo(revokeAfter);

    w.clock.set(revokeAfter);
    SlotOutcome at = w.reconcile(e);
    assertThat(at.revokedTokenIds()).containsExactly(a);
    assertThat(w.md.isTokenLive(a)).isFalse();
    assertThat(w.auditor.revocations).singleElement().satisfies(r -> {
      assertThat(r.tokenId()).isEqualTo(a);
      assertThat(r.at()).isEqualTo(revokeAfter);
      assertThat(r.reason()).isEqualTo(RevocationReason.SUPERSEDED);
    });
    assertThat(w.md.liveTokens(USER)).extracting(TokenInfo::id).containsExactly(w.watch.servedId());
  }

  @Test
  void externallyRevokedTokenIsReplacedAtOnce() {
    RotationEngine e = w.engine();
    w.reconcile(e);
    String a = w.watch.servedId();
    w.advance(Duration.ofMinutes(3));
    w.watch.revokedByTest.add(a);
    w.mdClient().revokeToken(USER, a);

    SlotOutcome o = w.reconcile(e);
    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(w.watch.servedId()).isNotEqualTo(a);
    assertThat(w.md.isTokenLive(a)).isFalse();
    assertThat(w.md.calls(CREATE_TOKEN)).isEqualTo(2);
    w.watch.assertConverged("after external revocation");
  }

  /** "seal": Vault seals while the token is being minted; "503": the store write gets a 503. */
  @ParameterizedTest
  @ValueSource(strings = {"seal", "503"})
  void vaultOutageDuringRotationKeepsTheOldTokenServedAndRecovers(String outage) {
    RotationEngine e = issueAndWaitForDue();
    String a = w.watch.servedId();
    w.auditor.onNextMint = outage.equals("seal") ? w.vault::seal
        : () -> w.vault.faults().add("kvWrite", Fault.status(503).times(1));

    SlotOutcome failed = w.reconcile(e);
    assertThat(failed.status()).isEqualTo(SlotOutcome.Status.FAILED);
    assertThat(w.watch.servedId()).isEqualTo(a);
    assertThat(w.vault.currentVersion(w.slot.vaultPath())).isEqualTo(1);
    assertThat(w.md.isTokenLive(a)).isTrue();
    assertThat(w.auditor.revocations).noneMatch(r -> r.tokenId().equals(a));
    assertThat(w.md.calls(CREATE_TOKEN)).isEqualTo(2);

    if (outage.equals("seal")) {
      w.advance(Duration.ofSeconds(30));
      assertThat(w.reconcile(e).failed()).isTrue(); // still sealed
      assertThat(w.auditor.revocations).isEmpty();
      w.vault.unseal();
    }
    Instant end = w.clock.instant().plus(E2eWorld.GRACE).plus(Duration.ofMinutes(5));
    w.runUntil(e, end);

    assertThat(w.watch.servedId()).isNotEqualTo(a);
    assertThat(w.vault.currentVersion(w.slot.vaultPath())).isEqualTo(2);
    assertThat(w.md.isTokenLive(a)).isFalse(); // superseded, grace over
    assertThat(w.md.liveTokens(USER)).extracting(TokenInfo::id).containsExactly(w.watch.servedId());
    w.watch.assertConverged("after Vault outage");
  }

  @Test
  void motherDuck503StormOnCreateIsRetriedUntilRotated() {
    RotationEngine e = issueAndWaitForDue();
    String a = w.watch.servedId();
    w.md.faults().add(CREATE_TOKEN, Fault.status(503).times(3));

    w.runUntil(e, w.clock.instant().plus(Duration.ofMinutes(10)));

    assertThat(w.auditor.count("failed ")).isEqualTo(3);
    assertThat(w.md.calls(CREATE_TOKEN)).isEqualTo(5); // first issue + 3 refused + 1
    assertThat(w.watch.servedId()).isNotEqualTo(a);
    assertThat(w.vault.currentVersion(w.slot.vaultPath())).isEqualTo(2);
    assertThat(w.md.liveTokens(USER)).hasSize(1); // a was revoked after its grace
    w.watch.assertConverged("after 503 storm");
  }

  @Test
  void rateLimitsAndListOutagesAreRetriedInsideOneReconcile() {
    RotationEngine e = issueAndWaitForDue();
    String a = w.watch.servedId();
    w.md.faults().add(CREATE_TOKEN, Fault.rateLimited(Duration.ZERO).times(3));
    w.md.faults().add(LIST_TOKENS, Fault.status(503).times(2));
    long lists = w.md.calls(LIST_TOKENS);

    SlotOutcome o = w.reconcile(e);

    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    assertThat(w.auditor.count("failed ")).isZero();
    assertThat(w.md.calls(CREATE_TOKEN)).isEqualTo(1 + 4);
    assertThat(w.md.calls(LIST_TOKENS) - lists).isGreaterThanOrEqualTo(3);
    assertThat(w.watch.servedId()).isNotEqualTo(a);
    assertThat(w.vault.currentVersion(w.slot.vaultPath())).isEqualTo(2);
    assertThat(w.md.liveTokens(USER)).hasSize(2);
    w.watch.assertNoOrphans();
  }

  @Test
  void commitThenDropOnCreateLeavesNoOrphan() {
    RotationEngine e = issueAndWaitForDue();
    String a = w.watch.servedId();
    w.md.faults().add(CREATE_TOKEN, Fault.commitThenDrop().times(1));

    SlotOutcome failed = w.reconcile(e);
    assertThat(failed.failed()).isTrue();
    assertThat(w.auditor.revocations).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo(RevocationReason.ORPHAN));
    String lost = w.auditor.revocations.get(0).tokenId();
    assertThat(lost).isNotEqualTo(a);
    assertThat(w.md.isTokenLive(lost)).isFalse();

    w.runUntil(e, w.clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(w.watch.servedId()).isNotIn(a, lost);
    assertThat(w.md.calls(CREATE_TOKEN)).isEqualTo(3);
    w.watch.assertConverged("after commit-then-drop");
  }

  @Test
  void commitThenDropWithFailingCleanUpIsRevokedOnceTheIntentIsStale() {
    RotationEngine e = issueAndWaitForDue();
    String a = w.watch.servedId();
    w.md.faults().add(CREATE_TOKEN, Fault.commitThenDrop().times(1));
    w.md.faults().add(REVOKE_TOKEN, Fault.status(503).times(5)); // the client's 1 + 4 retries

    assertThat(w.reconcile(e).failed()).isTrue();
    assertThat(w.md.liveTokens(USER)).hasSize(2); // the lost token is still live
    assertThat(w.watch.servedId()).isEqualTo(a);

    w.runUntil(e, w.clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(w.auditor.revocations).anyMatch(r -> r.reason() == RevocationReason.ORPHAN);
    assertThat(w.watch.servedId()).isNotEqualTo(a);
    w.watch.assertConverged("after commit-then-drop with failed clean-up");
  }
}
