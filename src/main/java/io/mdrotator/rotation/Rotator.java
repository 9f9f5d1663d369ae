package io.mdrotator.rotation;

import io.mdrotator.motherduck.IssuedToken;
import io.mdrotator.motherduck.MotherDuckApi;
import io.mdrotator.motherduck.MotherDuckApiException;
import io.mdrotator.motherduck.MotherDuckNotFoundException;
import io.mdrotator.motherduck.TokenInfo;
import io.mdrotator.motherduck.TokenOutcomeUnknownException;
import io.mdrotator.motherduck.TokenRequest;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import io.mdrotator.vault.CasResult;
import io.mdrotator.vault.KvStore;
import io.mdrotator.vault.KvVersion;
import io.mdrotator.vault.VaultStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One rotation of one slot: intent → mint → store (CAS) → verify → complete. Every exit leaves the
 * minted token stored, revoked, or covered by its intent so the planner finds it later.
 */
final class Rotator {
  /** What a rotation ended with, when it did not throw. */
  sealed interface Result {
    record Rotated(String rotationId, String tokenId, long vaultVersion, Optional<String> replaced)
        implements Result {}

    record CasLost(String rotationId, String tokenId) implements Result {}
  }

  private final MotherDuckApi md;
  private final KvStore kv;
  private final StateStore state;
  private final EngineOptions options;
  private final Clock clock;
  private final RotationListener listener;
  private final CrashPoints crash;
  private final Revoker revoker;

  Rotator(MotherDuckApi md, KvStore kv, EngineOptions options, Clock clock,
      RotationListener listener, CrashPoints crash, Revoker revoker) {
    this.md = md;
    this.kv = kv;
    this.state = new StateStore(kv);
    this.options = options;
    this.clock = clock;
    this.listener = listener;
    this.crash = crash;
    this.revoker = revoker;
  }

  Result rotate(SlotPolicy slot, SlotObservation obs) {
    Instant started = clock.instant();
    String rid = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String name = TokenNames.format(slot.id().slot(), rid);
    String statePath = options.statePath(slot.id().username(), slot.id().slot());
    Optional<String> replaces = obs.served().map(ServedToken::tokenId);
    crash.reached(CrashPoint.BEFORE_INTENT);
    kv.writeCustomMetadata(slot.vaultPath(), SecretContract.customMetadata(slot));
    state.update(statePath, s -> s.withIntent(new Intent(rid, name, started, replaces)));
    listener.intentRecorded(slot.id(), rid, started);
    crash.reached(CrashPoint.AFTER_INTENT);
    IssuedToken issued = mint(slot, rid, name, statePath);
    listener.minted(slot.id(), rid, issued.info().id(), issued.info().expiresAt());
    crash.reached(CrashPoint.AFTER_MINT);
    Optional<Long> version = store(slot, rid, issued, obs.slotKeyVersion(), statePath);
    if (version.isEmpty()) {
      return new Result.CasLost(rid, issued.info().id());
    }
    listener.stored(slot.id(), rid, issued.info().id(), version.get());
    crash.reached(CrashPoint.AFTER_STORE);
    KvVersion stored = verify(slot, rid, issued.info().id(), version.get());
    listener.verified(slot.id(), rid, issued.info().id());
    crash.reached(CrashPoint.AFTER_VERIFY);
    complete(slot, rid, replaces, stored.createdTime(), statePath);
    crash.reached(CrashPoint.AFTER_COMPLETE);
    listener.rotationSucceeded(slot.id(), rid, Duration.between(started, clock.instant()));
    return new Result.Rotated(rid, issued.info().id(), version.get(), replaces);
  }

  private IssuedToken mint(SlotPolicy slot, String rid, String name, String statePath) {
    try {
      return md.createToken(
          slot.id().username(), TokenRequest.of(name, slot.ttl(), slot.tokenType()));
    } catch (TokenOutcomeUnknownException e) {
      // The token may exist but its secret is lost: revoke it if listed, then forget the intent.
      RotationFailedException f = fail(slot, rid, "mint", "create-token outcome unknown", e);
      try {
        for (TokenInfo t : md.listTokens(slot.id().username())) {
          if (t.name().equals(name)) {
            revoker.revoke(slot.id(), t.id(), RevocationReason.ORPHAN);
          }
        }
        state.update(statePath, s -> s.withoutIntent(rid));
      } catch (RuntimeException cleanup) {
        f.addSuppressed(cleanup); // the intent stays; the planner revokes the token once it is stale
      }
      throw f;
    } catch (MotherDuckApiException e) {
      RotationFailedException f = fail(slot, rid, "mint", "create-token rejected", e);
      dropIntent(statePath, rid, f);
      throw f;
    }
  }

  /** Stores with CAS; empty when another writer won (our token is then revoked). */
  private Optional<Long> store(
      SlotPolicy slot, String rid, IssuedToken issued, long expected, String statePath) {
    String id = issued.info().id();
    CasResult r;
    try {
      r = kv.writeCas(slot.vaultPath(), SecretContract.secretData(slot, rid, issued), expected);
    } catch (VaultStoreException e) {
      return Optional.of(storeOutcomeUnknown(slot, rid, id, statePath, e));
    }
    if (r instanceof CasResult.Written w) {
      return Optional.of(w.version());
    }
    revoker.revoke(slot.id(), id, RevocationReason.ORPHAN);
    listener.casLost(slot.id(), rid, id);
    state.update(statePath, s -> s.withoutIntent(rid));
    return Optional.empty();
  }

  /** The write's reply was lost or refused: find out from Vault whether it landed. */
  private long storeOutcomeUnknown(
      SlotPolicy slot, String rid, String id, String statePath, VaultStoreException e) {
    RotationFailedException f = fail(slot, rid, "store", "Vault write failed", e);
    Optional<KvVersion> latest;
    try {
      latest = kv.readLatest(slot.vaultPath());
    } catch (RuntimeException again) {
      f.addSuppressed(again); // unknown: keep the intent, never revoke what Vault might serve
      throw f;
    }
    Optional<ServedToken> served = latest.flatMap(SecretContract::served);
    if (served.isPresent() && served.get().tokenId().equals(id)) {
      return served.get().vaultVersion();
    }
    try {
      revoker.revoke(slot.id(), id, RevocationReason.ORPHAN);
      state.update(statePath, s -> s.withoutIntent(rid));
    } catch (RuntimeException cleanup) {
      f.addSuppressed(cleanup);
    }
    throw f;
  }

  private KvVersion verify(SlotPolicy slot, String rid, String id, long version) {
    Optional<KvVersion> back = kv.readLatest(slot.vaultPath());
    String servedId = back.flatMap(SecretContract::served).map(ServedToken::tokenId).orElse("");
    if (back.isEmpty() || back.get().version() != version || !servedId.equals(id)) {
      throw fail(slot, rid, "verify",
          "Vault serves version " + back.map(KvVersion::version).orElse(0L)
              + " token '" + servedId + "', expected version " + version + " token '" + id + "'",
          null);
    }
    boolean listed = md.listTokens(slot.id().username()).stream().anyMatch(t -> t.id().equals(id));
    if (!listed) {
      throw fail(slot, rid, "verify", "MotherDuck does not list token '" + id + "'", null);
    }
    return back.get();
  }

  private void complete(
      SlotPolicy slot, String rid, Optional<String> replaces, Instant storedAt, String statePath) {
    Instant revokeAt = storedAt.plus(slot.gracePeriod());
    state.update(statePath, s -> supersede(s.withoutIntent(rid), replaces, storedAt, revokeAt));
    replaces.ifPresent(old -> listener.superseded(slot.id(), rid, old, revokeAt));
  }

  static SlotState supersede(
      SlotState s, Optional<String> replaces, Instant storedAt, Instant revokeAt) {
    return replaces.map(old -> s.withSuperseded(new Superseded(old, storedAt, revokeAt))).orElse(s);
  }

  private void dropIntent(String statePath, String rid, RotationFailedException f) {
    try {
      state.update(statePath, s -> s.withoutIntent(rid));
    } catch (RuntimeException cleanup) {
      f.addSuppressed(cleanup);
    }
  }

  private static RotationFailedException fail(
      SlotPolicy slot, String rid, String step, String detail, Throwable cause) {
    return new RotationFailedException(slot.id(), rid, step, detail, cause);
  }

  /** Revokes a token, reporting the outcome to the listener; 404 counts as already revoked. */
  static final class Revoker {
    private final MotherDuckApi md;
    private final RotationListener listener;
    private final CrashPoints crash;

    Revoker(MotherDuckApi md, RotationListener listener, CrashPoints crash) {
      this.md = md;
      this.listener = listener;
      this.crash = crash;
    }

    void revoke(io.mdrotator.policy.SlotId slot, String tokenId, RevocationReason reason) {
      crash.reached(CrashPoint.BEFORE_REVOKE);
      try {
        md.revokeToken(slot.username(), tokenId);
      } catch (MotherDuckNotFoundException gone) {
        // already revoked or expired: the goal is reached
      } catch (RuntimeException e) {
        listener.revoked(slot, tokenId, reason, false);
        throw e;
      }
      listener.revoked(slot, tokenId, reason, true);
      crash.reached(CrashPoint.AFTER_REVOKE);
    }
  }
}
