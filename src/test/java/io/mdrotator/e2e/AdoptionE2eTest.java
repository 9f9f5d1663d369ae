package io.mdrotator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.MutableClock;
import io.mdrotator.emulator.motherduck.SecretStatus;
import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.TokenType;
import io.mdrotator.port.CasResult;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import io.mdrotator.rotation.Adoption;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.rotation.SecretContract;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.Emulators;
import io.mdrotator.testing.Slots;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Migration from the manual process, against both emulators under the shipped Vault policies: a
 * token made by hand as MotherDuck's guide does it, stored by the team under its own path and field
 * name, is adopted (moved) into a slot, served there in md-rotator's contract, rotated when due and
 * revoked once the grace period after its replacement has passed. md-rotator's Vault token has
 * exactly {@code config/vault/md-rotator.hcl} and {@code config/vault/adopt-source-example.hcl}:
 * not one request is refused.
 */
class AdoptionE2eTest {
  private static final String USER = "etl";
  private static final String SOURCE = "teams/etl/motherduck";
  private static final String FIELD = "md_token";
  private static final Duration TTL = Duration.ofHours(1);
  private static final Duration GRACE = Duration.ofMinutes(5);

  private final MutableClock clock = MutableClock.atNow();
  private final Emulators emulators = Emulators.start(clock, "adoption", USER);
  private final SlotPolicy slot = Slots.readWrite(USER, "rw", TTL, Duration.ofMinutes(20), GRACE);
  private final AccountPolicy account = Slots.account(USER, slot);

  @AfterEach
  void close() {
    emulators.close();
  }

  @Test
  void aHandMadeTokenUnderAnotherFieldIsServedRotatedOnScheduleAndRevokedAfterGrace() throws IOException {
    IssuedToken handMade = emulators.md.seedToken(USER, "token-for-etl", TokenType.READ_WRITE, Optional.of(TTL));
    VaultKvStore root = emulators.kvStore(emulators.rootAuth(), clock);
    assertThat(root.writeCas(SOURCE, KvData.builder().putSecret(FIELD, handMade.secret()).put("owner", "etl team")
        .build(), 0)).isInstanceOf(CasResult.Written.class);
    VaultKvStore kv = emulators.kvStore(VaultAuth.token(rotatorToken()), clock);
    RotationEngine engine = new RotationEngine(emulators.mdClient(clock), kv, EngineOptions.DEFAULTS, clock,
        RotationListener.NOOP, StepHook.NONE);

    Adoption.Outcome outcome = new Adoption(emulators.mdClient(clock), kv, RotationListener.NOOP).adopt(slot, account,
        new Adoption.Source(SOURCE, FIELD), new Adoption.Identify(Optional.empty(), Optional.of("token-for-etl")), true);

    assertThat(outcome).isInstanceOfSatisfying(Adoption.Outcome.Adopted.class, a -> {
      assertThat(a.token().id()).isEqualTo(handMade.info().id());
      assertThat(a.resumed()).isFalse();
      assertThat(a.moved()).isTrue();
    });
    KvVersion served = kv.readLatest(slot.vaultPath()).orElseThrow();
    assertThat(served.data().secret(SecretContract.TOKEN)).contains(handMade.secret());
    assertThat(served.data().get(SecretContract.TOKEN_ID)).contains(handMade.info().id());
    assertThat(served.data().get(SecretContract.EXPIRES_AT)).contains(handMade.info().expiresAt().orElseThrow().toString());
    assertThat(served.customMetadata()).containsEntry(SecretContract.MANAGED_BY, SecretContract.MANAGER);
    assertThat(root.readLatest(SOURCE)).as("moved: the source's latest version is deleted").isEmpty();
    assertThat(emulators.vault.storedVersionCount(SOURCE)).as("soft delete keeps the version for undelete").isEqualTo(1);

    SlotOutcome early = engine.reconcile(slot, account);
    assertThat(early.status()).as("not due yet: no mint").isEqualTo(SlotOutcome.Status.OK);
    assertThat(engine.servedTokenId(slot)).contains(handMade.info().id());
    Instant due = early.nextRotation().orElseThrow();
    assertThat(due).isAfter(clock.instant()).isBefore(handMade.info().expiresAt().orElseThrow());

    clock.set(due);
    SlotOutcome rotated = engine.reconcile(slot, account);
    assertThat(rotated.status()).isEqualTo(SlotOutcome.Status.ROTATED);
    String successor = rotated.rotatedTokenId().orElseThrow();
    assertThat(engine.servedTokenId(slot)).contains(successor);
    assertThat(emulators.md.secretStatus(handMade.secret().reveal())).as("live through the grace period")
        .isEqualTo(SecretStatus.LIVE);

    clock.advance(GRACE.minusSeconds(1));
    engine.reconcile(slot, account);
    assertThat(emulators.md.isTokenLive(handMade.info().id())).as("one second before the grace period ends").isTrue();

    clock.advance(Duration.ofSeconds(2));
    SlotOutcome after = engine.reconcile(slot, account);
    assertThat(after.revokedTokenIds()).containsExactly(handMade.info().id());
    assertThat(emulators.md.isTokenLive(handMade.info().id())).isFalse();
    assertThat(emulators.md.isTokenLive(successor)).isTrue();
    assertThat(emulators.vault.aclDenials()).as("nothing refused under the shipped policies").isEmpty();
  }

  @Test
  void runningAgainAfterTheWriteFinishesTheMoveAndAdoptsNothingTwice() throws IOException {
    IssuedToken handMade = emulators.md.seedToken(USER, "by hand", TokenType.READ_WRITE, Optional.of(TTL));
    VaultKvStore root = emulators.kvStore(emulators.rootAuth(), clock);
    root.writeCas(SOURCE, KvData.builder().putSecret(FIELD, handMade.secret()).build(), 0);
    VaultKvStore kv = emulators.kvStore(VaultAuth.token(rotatorToken()), clock);
    Adoption adoption = new Adoption(emulators.mdClient(clock), kv, RotationListener.NOOP);
    Adoption.Source source = new Adoption.Source(SOURCE, FIELD);
    Adoption.Identify none = new Adoption.Identify(Optional.empty(), Optional.empty());

    Adoption.Outcome copied = adoption.adopt(slot, account, source, none, false);
    Adoption.Outcome moved = adoption.adopt(slot, account, source, none, true);

    assertThat(copied).isInstanceOfSatisfying(Adoption.Outcome.Adopted.class, a -> assertThat(a.moved()).isFalse());
    assertThat(moved).isInstanceOfSatisfying(Adoption.Outcome.Adopted.class, a -> {
      assertThat(a.resumed()).isTrue();
      assertThat(a.moved()).isTrue();
      assertThat(a.vaultVersion()).isEqualTo(1);
    });
    assertThat(root.readLatest(SOURCE)).isEmpty();
    assertThat(emulators.vault.storedVersionCount(slot.vaultPath())).isEqualTo(1);

    IssuedToken other = emulators.md.seedToken(USER, "another", TokenType.READ_WRITE, Optional.of(TTL));
    Adoption.Outcome refused = adoption.adopt(slot, account, source,
        new Adoption.Identify(Optional.of(other.info().id()), Optional.empty()), false);
    assertThat(refused).isInstanceOfSatisfying(Adoption.Outcome.Refused.class,
        r -> assertThat(r.reason()).contains("already serves token " + handMade.info().id()));
  }

  /**
   * The slot's write lands but its reply is lost (resolved by re-reading, never written twice), then
   * the move's delete fails as a crash would leave it: the token is readable at the source and the
   * slot throughout, and running again finishes the move.
   */
  @Test
  void aLostWriteReplyAndAFailedMoveLoseNoTokenAndRunningAgainFinishes() throws IOException {
    IssuedToken handMade = emulators.md.seedToken(USER, "by hand", TokenType.READ_WRITE, Optional.of(TTL));
    VaultKvStore root = emulators.kvStore(emulators.rootAuth(), clock);
    root.writeCas(SOURCE, KvData.builder().putSecret(FIELD, handMade.secret()).build(), 0);
    VaultKvStore kv = emulators.kvStore(VaultAuth.token(rotatorToken()), clock);
    Adoption adoption = new Adoption(emulators.mdClient(clock), kv, RotationListener.NOOP);
    Adoption.Source source = new Adoption.Source(SOURCE, FIELD);
    Adoption.Identify byId = new Adoption.Identify(Optional.of(handMade.info().id()), Optional.empty());
    emulators.vault.faults().add("kvWrite", Fault.commitThenDrop().times(1));
    emulators.vault.faults().add("kvDelete", Fault.reset().times(1));

    assertThatThrownBy(() -> adoption.adopt(slot, account, source, byId, true)).isInstanceOf(VaultStoreException.class);

    assertThat(root.readLatest(SOURCE).flatMap(v -> v.data().secret(FIELD))).as("still at the source")
        .contains(handMade.secret());
    assertThat(kv.readLatest(slot.vaultPath()).flatMap(v -> v.data().secret(SecretContract.TOKEN)))
        .as("and served by the slot").contains(handMade.secret());
    assertThat(emulators.vault.storedVersionCount(slot.vaultPath())).as("written once").isEqualTo(1);

    Adoption.Outcome again = adoption.adopt(slot, account, source, byId, true);

    assertThat(again).isInstanceOfSatisfying(Adoption.Outcome.Adopted.class, a -> {
      assertThat(a.resumed()).isTrue();
      assertThat(a.moved()).isTrue();
    });
    assertThat(root.readLatest(SOURCE)).isEmpty();
    assertThat(kv.readLatest(slot.vaultPath()).flatMap(v -> v.data().get(SecretContract.TOKEN_ID)))
        .contains(handMade.info().id());
    assertThat(emulators.md.isTokenLive(handMade.info().id())).isTrue();
  }

  @Test
  void withoutANameTwoHandMadeTokensAreRefusedWithTheCandidatesListed() throws IOException {
    IssuedToken a = emulators.md.seedToken(USER, "first", TokenType.READ_WRITE, Optional.of(TTL));
    IssuedToken b = emulators.md.seedToken(USER, "second", TokenType.READ_WRITE, Optional.of(TTL));
    VaultKvStore root = emulators.kvStore(emulators.rootAuth(), clock);
    root.writeCas(SOURCE, KvData.builder().putSecret(FIELD, a.secret()).build(), 0);
    VaultKvStore kv = emulators.kvStore(VaultAuth.token(rotatorToken()), clock);

    Adoption.Outcome o = new Adoption(emulators.mdClient(clock), kv, RotationListener.NOOP).adopt(slot, account,
        new Adoption.Source(SOURCE, FIELD), new Adoption.Identify(Optional.empty(), Optional.empty()), true);

    assertThat(o).isInstanceOfSatisfying(Adoption.Outcome.Refused.class, r -> assertThat(r.reason())
        .contains("2 tokens match", a.info().id(), b.info().id(), "--token-id"));
    assertThat(kv.readLatest(slot.vaultPath())).as("nothing written").isEmpty();
    assertThat(root.readLatest(SOURCE)).as("nothing deleted").isPresent();
  }

  @Test
  void anAccountThatRevokesUnmanagedTokensIsRefused() throws IOException {
    IssuedToken handMade = emulators.md.seedToken(USER, "by hand", TokenType.READ_WRITE, Optional.of(TTL));
    VaultKvStore kv = emulators.kvStore(VaultAuth.token(rotatorToken()), clock);
    AccountPolicy revoking = Slots.account(USER, Optional.empty(), io.mdrotator.policy.UnmanagedTokens.REVOKE, slot);

    Adoption.Outcome o = new Adoption(emulators.mdClient(clock), kv, RotationListener.NOOP).adopt(slot, revoking,
        new Adoption.Source(SOURCE, FIELD), new Adoption.Identify(Optional.of(handMade.info().id()), Optional.empty()), false);

    assertThat(o).isInstanceOfSatisfying(Adoption.Outcome.Refused.class,
        r -> assertThat(r.reason()).contains("unmanagedTokens: revoke"));
    assertThat(kv.readLatest(slot.vaultPath())).isEmpty();
  }

  /** A token with exactly the daemon's shipped policy and the adopt-source example, no default policy. */
  private Secret rotatorToken() throws IOException {
    emulators.vault.addPolicy(AclPolicy.parse("md-rotator", Files.readString(Path.of("config/vault/md-rotator.hcl"))));
    emulators.vault.addPolicy(AclPolicy.parse("md-rotator-adopt",
        Files.readString(Path.of("config/vault/adopt-source-example.hcl"))));
    return emulators.vault.createToken(List.of("md-rotator", "md-rotator-adopt"), Duration.ofHours(24),
        Duration.ofHours(48), true, true);
  }
}
