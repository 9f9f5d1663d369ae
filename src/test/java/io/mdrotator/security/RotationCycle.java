package io.mdrotator.security;

import io.mdrotator.emulator.vault.AclDenial;
import io.mdrotator.emulator.vault.EmulatedToken;
import io.mdrotator.policy.Retirement;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.VaultPaths;
import io.mdrotator.rotation.AccountDeletion;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.rotation.TokenNames;
import io.mdrotator.secret.Secret;
import io.mdrotator.security.LeastPrivilegeWorld.Slot;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.port.VaultStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the daemon does to Vault in its life, as named steps run in order on simulated time
 * against a {@link LeastPrivilegeWorld}; the run stops at the first step that fails and reports it
 * with the Vault operation that was refused. Each step checks its own effect, not just "no
 * exception": a token served and live, the same Vault token renewed in place, a token revoked.
 *
 * <p>The steps, and the Vault grants each one is the first to need (see {@link NothingExtraTest}):
 * a slot's first token on a key the operator prepared (state document created, key metadata
 * updated, key written by update); a first token on a key nobody wrote (key metadata created);
 * renewal of the daemon's own Vault token; a scheduled rotation; revocation of the superseded token
 * after grace; a compromise rotation; an orphan sweep; a re-login after Vault revoked the daemon's
 * token; a start with a static token ({@code auth: token}), which looks itself up; {@code
 * delete-account} of the new key's account (its secret and state document soft-deleted) and, with
 * {@code --destroy}, of a third account given its first token for it (every version and the
 * metadata removed); the retirement of a slot with live consumers (recorded, then after its grace
 * its tokens revoked, its secret's latest version soft-deleted and its state document removed); a
 * retirement at once with destroy (every version of the secret and its metadata removed). The
 * retirements come last, so the delete grants they share with delete-account are named there first.
 */
final class RotationCycle {
  static final String FIRST_TOKEN_PREPARED_KEY = "first token, key prepared by the operator";
  static final String FIRST_TOKEN_NEW_KEY = "first token, new key";
  static final String RENEWAL = "renewal of the daemon's Vault token";
  static final String SCHEDULED_ROTATION = "scheduled rotation";
  static final String REVOCATION_AFTER_GRACE = "revocation of the superseded token after grace";
  static final String COMPROMISE_ROTATION = "compromise rotation";
  static final String ORPHAN_SWEEP = "orphan sweep";
  static final String RELOGIN = "re-login after the daemon's token was revoked";
  static final String STATIC_TOKEN_START = "start with a static token";
  static final String ACCOUNT_DELETION = "delete-account (soft delete)";
  static final String ACCOUNT_DESTRUCTION = "delete-account --destroy";
  static final String RETIREMENT = "retirement with soft delete";
  static final String RETIREMENT_DESTROY = "retirement at once with destroy";
  static final Duration RETIREMENT_GRACE = Duration.ofMinutes(30); // shorter than a token's life (TTL)

  /** The first step that failed: its name, the refused Vault operation and path (if known), why. */
  record Failure(String step, Optional<String> operation, Optional<String> path, String detail) {}

  /** Steps that passed, in order; the failure that stopped the run, if any; every ACL refusal. */
  record Report(List<String> passed, Optional<Failure> failure, List<AclDenial> denials) {}

  private record Step(String name, Runnable body) {}

  /** A step's check failed; {@code operation} names the Vault call when the cause does not. */
  private static final class StepFailed extends RuntimeException {
    final Optional<String> operation;

    StepFailed(String detail, Throwable cause, Optional<String> operation) {
      super(detail, cause);
      this.operation = operation;
    }
  }

  private final LeastPrivilegeWorld w;
  private Instant start;
  private Instant rotationDue;
  private String superseded;

  private RotationCycle(LeastPrivilegeWorld w) {
    this.w = w;
  }

  static Report run(LeastPrivilegeWorld w) {
    RotationCycle c = new RotationCycle(w);
    return c.run(c.steps());
  }

  /** Only the two retirement steps, on a fresh world: what retirement alone needs from Vault. */
  static Report runRetirements(LeastPrivilegeWorld w) {
    RotationCycle c = new RotationCycle(w);
    return c.run(c.steps().stream().filter(s -> s.name().equals(RETIREMENT) || s.name().equals(RETIREMENT_DESTROY)).toList());
  }

  private Report run(List<Step> steps) {
    start = w.clock.instant();
    List<String> passed = new ArrayList<>();
    for (Step s : steps) {
      try {
        s.body().run();
      } catch (StepFailed e) {
        return new Report(passed, Optional.of(failure(s.name(), e)), w.vault.aclDenials());
      }
      passed.add(s.name());
    }
    return new Report(passed, Optional.empty(), w.vault.aclDenials());
  }

  private List<Step> steps() {
    return List.of(
        new Step(FIRST_TOKEN_PREPARED_KEY, () -> firstToken(w.prepared)),
        new Step(FIRST_TOKEN_NEW_KEY, () -> firstToken(w.fresh)),
        new Step(RENEWAL, this::renewal),
        new Step(SCHEDULED_ROTATION, this::scheduledRotation),
        new Step(REVOCATION_AFTER_GRACE, this::revocationAfterGrace),
        new Step(COMPROMISE_ROTATION, this::compromiseRotation),
        new Step(ORPHAN_SWEEP, this::orphanSweep),
        new Step(RELOGIN, this::relogin),
        new Step(STATIC_TOKEN_START, this::staticTokenStart),
        new Step(ACCOUNT_DELETION, () -> deleteAccount(w.fresh, false)),
        new Step(ACCOUNT_DESTRUCTION, () -> {
          firstToken(w.doomed);
          deleteAccount(w.doomed, true);
        }),
        new Step(RETIREMENT, this::retirement),
        new Step(RETIREMENT_DESTROY, this::retirementWithDestroy));
  }

  /** A slot with a token is retired in the policy: record, grace, then everything removed. */
  private void retirement() {
    Slot slot = w.retiring;
    firstToken(slot);
    String token = w.engine.servedTokenId(slot.policy()).orElseThrow();
    SlotPolicy retired = slot.policy().retiredAs(new Retirement(RETIREMENT_GRACE, false));
    expect(w.engine.reconcile(retired, slot.account()), SlotOutcome.Status.OK);
    check(w.md.isTokenLive(token), "the token was revoked before the retirement grace passed");
    w.clock.advance(RETIREMENT_GRACE.plusSeconds(1));
    SlotOutcome o = expect(w.engine.reconcile(retired, slot.account()), SlotOutcome.Status.OK);
    check(o.revokedTokenIds().contains(token), "retired token not revoked: " + o.revokedTokenIds());
    check(!w.md.isTokenLive(token), "the retired token is still live");
    check(w.vault.currentData(slot.policy().vaultPath()).isEmpty(), "Vault still serves the retired slot");
    check(w.vault.currentVersion(slot.policy().vaultPath()) > 0, "soft delete removed the key's history");
    check(w.vault.currentVersion(statePath(slot)) == 0, "the state document is still there");
  }

  /** {@code md-rotator retire --now} with destroy: the key and its history go too. */
  private void retirementWithDestroy() {
    Slot slot = w.destroyed;
    firstToken(slot);
    String token = w.engine.servedTokenId(slot.policy()).orElseThrow();
    SlotOutcome o = expect(w.engine.retireNow(slot.policy(), slot.account(), true), SlotOutcome.Status.OK);
    check(o.revokedTokenIds().contains(token), "retired token not revoked: " + o.revokedTokenIds());
    check(!w.md.isTokenLive(token), "the retired token is still live");
    check(w.vault.currentVersion(slot.policy().vaultPath()) == 0, "the destroyed key still has versions");
    check(w.vault.currentVersion(statePath(slot)) == 0, "the state document is still there");
  }

  private static String statePath(Slot slot) {
    return EngineOptions.DEFAULTS.statePath(slot.policy().id().username(), slot.policy().id().slot());
  }

  private void firstToken(Slot slot) {
    SlotOutcome o = expect(w.engine.reconcile(slot.policy(), slot.account()), SlotOutcome.Status.ROTATED);
    String served = o.rotatedTokenId().orElseThrow();
    check(w.engine.servedTokenId(slot.policy()).equals(Optional.of(served)), "Vault does not serve " + served);
    check(w.md.isTokenLive(served), "the served token is not live");
    if (slot == w.prepared) {
      rotationDue = o.nextRotation().orElseThrow();
    }
  }

  /** At 2/3 of the login lease the session renews the same token; no new login. */
  private void renewal() {
    w.clock.set(start.plus(LeastPrivilegeWorld.LOGIN_TTL.multipliedBy(2).dividedBy(3)).plusSeconds(60));
    EmulatedToken before = currentLogin();
    int logins = w.loginTokens().size();
    int calls = w.calls.size();
    w.store.session().maintain();
    boolean renewSelfFailed = w.calls.subList(calls, w.calls.size()).stream()
        .anyMatch(c -> c.operation().equals("renew-self") && !c.outcome().equals("success"));
    Optional<String> op = renewSelfFailed ? Optional.of("renew-self") : Optional.empty();
    check(w.loginTokens().size() == logins, "the session logged in again instead of renewing", op);
    check(currentLogin().renewals() == before.renewals() + 1, "the token was not renewed", op);
  }

  /** When the engine said the next rotation is due (its deterministic jitter included). */
  private void scheduledRotation() {
    if (rotationDue.isAfter(w.clock.instant())) {
      w.clock.set(rotationDue);
    }
    String before = w.engine.servedTokenId(w.prepared.policy()).orElseThrow();
    SlotOutcome o = expect(reconcile(), SlotOutcome.Status.ROTATED);
    check(!o.rotatedTokenId().orElseThrow().equals(before), "rotated to the same token");
    superseded = before;
  }

  private void revocationAfterGrace() {
    w.clock.advance(LeastPrivilegeWorld.GRACE.plusSeconds(1));
    SlotOutcome o = expect(reconcile(), SlotOutcome.Status.OK);
    check(o.revokedTokenIds().contains(superseded), "superseded token not revoked: " + o.revokedTokenIds());
    check(!w.md.isTokenLive(superseded), "the superseded token is still live");
  }

  private void compromiseRotation() {
    String exposed = w.engine.servedTokenId(w.prepared.policy()).orElseThrow();
    SlotOutcome o = expect(w.engine.rotateNow(w.prepared.policy(), w.prepared.account(), true), SlotOutcome.Status.ROTATED);
    check(o.revokedTokenIds().contains(exposed), "exposed token not revoked: " + o.revokedTokenIds());
    check(!w.md.isTokenLive(exposed), "the exposed token is still live");
  }

  /** A managed token nobody recorded (as a crash right after minting leaves one) is revoked. */
  private void orphanSweep() {
    String name = TokenNames.format(w.prepared.policy().id().slot(), "orphan0001");
    String orphan = w.md.seedToken(w.prepared.policy().id().username(), name, TokenType.READ_WRITE,
        Optional.of(Duration.ofHours(1))).info().id();
    w.clock.advance(EngineOptions.DEFAULTS.inFlightBound().plusSeconds(1));
    SlotOutcome o = expect(reconcile(), SlotOutcome.Status.OK);
    check(o.revokedTokenIds().contains(orphan), "orphan not revoked: " + o.revokedTokenIds());
  }

  /** Vault revokes the daemon's token behind its back; the next call is refused and it logs in again. */
  private void relogin() {
    int logins = w.loginTokens().size();
    w.vault.revokeToken(Secret.of(currentLogin().id()));
    expect(reconcile(), SlotOutcome.Status.OK);
    check(w.loginTokens().size() == logins + 1, "no new login");
  }

  /** {@code auth: token}: the daemon looks its token up for TTL and renewability, then works as usual. */
  private void staticTokenStart() {
    Secret token = w.tokenWithExactly(List.of(LeastPrivilegeWorld.DAEMON_POLICY));
    RotationEngine e = w.engine(w.store(VaultAuth.token(token)));
    expect(e.reconcile(w.prepared.policy(), w.prepared.account()), SlotOutcome.Status.OK);
  }

  /** The account's tokens die with it; its secret and state document are no longer readable. */
  private void deleteAccount(Slot slot, boolean destroy) {
    String user = slot.policy().id().username();
    String served = w.engine.servedTokenId(slot.policy()).orElseThrow();
    String state = EngineOptions.DEFAULTS.statePath(user, slot.policy().id().slot());
    AccountDeletion deletion = new AccountDeletion(w.mdClient(), w.store, EngineOptions.DEFAULTS, RotationListener.NOOP);
    try {
      deletion.execute(deletion.plan(user, List.of(), VaultPaths.DEFAULT_TEMPLATE), destroy);
    } catch (VaultStoreException e) {
      throw new StepFailed("delete-account failed", e, Optional.empty());
    }
    check(!w.md.accountExists(user), "the account still exists");
    check(!w.md.isTokenLive(served), "the account's token is still live");
    check(w.store.readLatest(slot.policy().vaultPath()).isEmpty(), "the slot's secret is still readable");
    check(w.store.readLatest(state).isEmpty(), "the state document is still readable");
    if (destroy) {
      check(w.store.readMetadata(slot.policy().vaultPath()).isEmpty(), "the slot's key still has metadata");
      check(w.store.readMetadata(state).isEmpty(), "the state document still has metadata");
    }
  }

  private SlotOutcome reconcile() {
    return w.engine.reconcile(w.prepared.policy(), w.prepared.account());
  }

  private EmulatedToken currentLogin() {
    List<EmulatedToken> valid = w.loginTokens().stream().filter(t -> t.validAt(w.clock.instant())).toList();
    check(!valid.isEmpty(), "the daemon holds no valid login token");
    return valid.get(valid.size() - 1);
  }

  private static SlotOutcome expect(SlotOutcome o, SlotOutcome.Status status) {
    if (o.status() != status) {
      throw new StepFailed("status " + o.status() + ", expected " + status, o.failure().orElse(null), Optional.empty());
    }
    return o;
  }

  private static void check(boolean ok, String detail) {
    check(ok, detail, Optional.empty());
  }

  private static void check(boolean ok, String detail, Optional<String> operation) {
    if (!ok) {
      throw new StepFailed(detail, null, operation);
    }
  }

  /** The refused Vault call is the first {@link VaultStoreException} in the cause chain, if any. */
  private static Failure failure(String step, StepFailed e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof VaultStoreException v) {
        return new Failure(step, Optional.of(v.operation()), Optional.ofNullable(v.path()), e.getMessage() + ": " + v.getMessage());
      }
    }
    String cause = e.getCause() == null ? "" : ": " + e.getCause().getMessage();
    return new Failure(step, e.operation, Optional.empty(), e.getMessage() + cause);
  }
}
