package io.mdrotator.rotation;

import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
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
    /**
     * {@code token} as MotherDuck's create reply described it, {@code stored} the verified KV
     * version, {@code state} the state document as completed (with its new version); {@code
     * undisturbed} when our intent and completion were the next two versions of the state document
     * after the one observed (no other writer touched it during the rotation).
     */
    record Rotated(String rotationId, TokenInfo token, KvVersion stored, SlotState state,
        Optional<String> replaced, boolean undisturbed) implements Result {
      String tokenId() {
        return token.id();
      }

      long vaultVersion() {
        return stored.version();
      }

      /**
       * What observing the slot again would find if nobody else acted meanwhile: the listing plus
       * the new token, the verified version served, the completed state. Only used when {@code
       * undisturbed}: another engine's rotation in between would have written the state document,
       * and planning on a served version it replaced would forget that version's superseded entry.
       */
      SlotObservation observedAfter(SlotObservation before, SlotObservation.Failures failures) {
        java.util.List<TokenInfo> tokens = new java.util.ArrayList<>(before.tokens());
        tokens.add(token);
        return new SlotObservation(tokens, SecretContract.served(stored), stored.version(), state,
            failures, Optional.of(stored.customMetadata()), before.abandonedIntents());
      }
    }

    record CasLost(String rotationId, String tokenId) implements Result {}
  }

  private final MotherDuckApi md;
  private final KvStore kv;
  private final StateStore state;
  private final EngineOptions options;
  private final Clock clock;
  private final RotationListener listener;
  private final StepHook steps;
  private final Revoker revoker;
  private final AbandonedIntents abandoned;

  Rotator(MotherDuckApi md, KvStore kv, EngineOptions options, Clock clock,
      RotationListener listener, StepHook steps, Revoker revoker, AbandonedIntents abandoned) {
    this.md = md;
    this.kv = kv;
    this.state = new StateStore(kv);
    this.options = options;
    this.clock = clock;
    this.listener = listener;
    this.steps = steps;
    this.revoker = revoker;
    this.abandoned = abandoned;
  }

  Result rotate(SlotPolicy slot, SlotObservation obs) {
    Instant started = clock.instant();
    String rid = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String name = TokenNames.format(slot.id().slot(), rid);
    String statePath = options.statePath(slot.id().username(), slot.id().slot());
    Optional<String> replaces = obs.served().map(ServedToken::tokenId);
    steps.reached(ProtocolStep.BEFORE_INTENT);
    java.util.Map<String, String> metadata = SecretContract.customMetadata(slot);
    if (!obs.slotCustomMetadata().equals(Optional.of(metadata))) {
      kv.writeCustomMetadata(slot.vaultPath(), metadata); // idempotent; skipped when Vault echoed it
    }
    try {
      return run(slot, obs, new Intent(rid, name, started, replaces), statePath);
    } catch (RuntimeException e) {
      abandoned.remember(slot.id(), rid); // over for sure: the next attempt cleans up its intent
      throw e;
    }
  }

  private Result run(SlotPolicy slot, SlotObservation obs, Intent intent, String statePath) {
    String rid = intent.rotationId();
    String name = intent.tokenName();
    Instant started = intent.startedAt();
    Optional<String> replaces = intent.replacesTokenId();
    SlotState intended = state.update(statePath, obs.state(), s -> s.withIntent(intent));
    listener.intentRecorded(slot.id(), rid, started);
    steps.reached(ProtocolStep.AFTER_INTENT);
    IssuedToken issued = mint(slot, rid, name, statePath);
    listener.minted(slot.id(), rid, issued.info().id(), issued.info().expiresAt());
    steps.reached(ProtocolStep.AFTER_MINT);
    Optional<Long> version = store(slot, rid, issued, obs.slotKeyVersion(), statePath);
    if (version.isEmpty()) {
      return new Result.CasLost(rid, issued.info().id());
    }
    listener.stored(slot.id(), rid, issued.info().id(), version.get());
    steps.reached(ProtocolStep.AFTER_STORE);
    KvVersion stored = verify(slot, rid, issued.info().id(), version.get());
    listener.verified(slot.id(), rid, issued.info().id());
    steps.reached(ProtocolStep.AFTER_VERIFY);
    SlotState completed;
    try {
      completed = complete(slot, rid, replaces, stored.createdTime(), statePath, intended);
    } catch (RuntimeException e) {
      throw fail(slot, rid, "complete", "token " + issued.info().id() + " is stored and verified, its state document was not updated", e);
    }
    steps.reached(ProtocolStep.AFTER_COMPLETE);
    listener.rotationSucceeded(slot.id(), rid, Duration.between(started, clock.instant()));
    boolean undisturbed = intended.version() == obs.state().version() + 1
        && completed.version() == intended.version() + 1;
    return new Result.Rotated(rid, issued.info(), stored, completed, replaces, undisturbed);
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

  /**
   * Vault's latest version must be ours. MotherDuck is not asked again: its create reply carried
   * the token's id, which proves the token exists (a create without a usable reply is
   * outcome-unknown and never gets here).
   */
  private KvVersion verify(SlotPolicy slot, String rid, String id, long version) {
    Optional<KvVersion> back = kv.readLatest(slot.vaultPath());
    String servedId = back.flatMap(SecretContract::served).map(ServedToken::tokenId).orElse("");
    if (back.isEmpty() || back.get().version() != version || !servedId.equals(id)) {
      throw fail(slot, rid, "verify",
          "Vault serves version " + back.map(KvVersion::version).orElse(0L)
              + " token '" + servedId + "', expected version " + version + " token '" + id + "'",
          null);
    }
    return back.get();
  }

  /** {@code base}: the document as the intent write left it (CAS base of this write). */
  private SlotState complete(SlotPolicy slot, String rid, Optional<String> replaces, Instant storedAt,
      String statePath, SlotState base) {
    Instant revokeAt = storedAt.plus(slot.gracePeriod());
    SlotState done = state.update(statePath, base,
        s -> supersede(s.withoutIntent(rid), replaces, storedAt, revokeAt));
    replaces.ifPresent(old -> listener.superseded(slot.id(), rid, old, revokeAt));
    return done;
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
}
