package io.mdrotator.rotation;

import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One rotation of one slot: intent → mint ({@link TokenMinter}) → store (CAS) and verify ({@link
 * TokenStorer}) → complete. Every exit leaves the minted token stored, revoked, or covered by its
 * intent so the planner finds it later.
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

  private final KvStore kv;
  private final StateStore state;
  private final EngineOptions options;
  private final Clock clock;
  private final RotationListener listener;
  private final StepHook steps;
  private final TokenMinter minter;
  private final TokenStorer storer;
  private final AbandonedIntents abandoned;

  Rotator(MotherDuckApi md, KvStore kv, EngineOptions options, Clock clock,
      RotationListener listener, StepHook steps, Revoker revoker, AbandonedIntents abandoned) {
    this.kv = kv;
    this.state = new StateStore(kv);
    this.options = options;
    this.clock = clock;
    this.listener = listener;
    this.steps = steps;
    this.minter = new TokenMinter(md, state, revoker);
    this.storer = new TokenStorer(kv, state, listener, revoker);
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
    IssuedToken issued = minter.mint(slot, rid, name, statePath);
    listener.minted(slot.id(), rid, issued.info().id(), issued.info().expiresAt());
    steps.reached(ProtocolStep.AFTER_MINT);
    Optional<KvVersion> written = storer.store(slot, rid, issued, obs.slotKeyVersion(),
        SecretContract.customMetadata(slot), statePath);
    if (written.isEmpty()) {
      return new Result.CasLost(rid, issued.info().id());
    }
    listener.stored(slot.id(), rid, issued.info().id(), written.get().version());
    steps.reached(ProtocolStep.AFTER_STORE);
    KvVersion stored = storer.verify(slot, rid, issued.info().id(), obs.slotKeyVersion(), written.get());
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

  private static RotationFailedException fail(
      SlotPolicy slot, String rid, String step, String detail, Throwable cause) {
    return new RotationFailedException(slot.id(), rid, step, detail, cause);
  }
}
