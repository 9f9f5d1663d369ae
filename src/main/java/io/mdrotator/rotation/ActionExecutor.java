package io.mdrotator.rotation;

import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.PlannedAction.CancelRetirement;
import io.mdrotator.rotation.PlannedAction.CompleteIntent;
import io.mdrotator.rotation.PlannedAction.DeleteSecret;
import io.mdrotator.rotation.PlannedAction.DeleteState;
import io.mdrotator.rotation.PlannedAction.DropIntent;
import io.mdrotator.rotation.PlannedAction.RecordRetirement;
import io.mdrotator.rotation.PlannedAction.RevokeRetired;
import io.mdrotator.rotation.PlannedAction.ForgetSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.PlannedAction.RevokeSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeUnmanaged;
import io.mdrotator.rotation.PlannedAction.Rotate;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Performs planned actions in order; the first exception stops the plan and propagates. */
final class ActionExecutor {
  /** What a call achieved so far, for the outcome. */
  static final class Progress {
    Optional<String> rotated = Optional.empty();
    final List<String> revoked = new ArrayList<>();
  }

  private final MotherDuckApi md;
  private final StateStore state;
  private final EngineOptions options;
  private final RotationListener listener;
  private final Rotator rotator;
  private final Revoker revoker;
  private final Retirer retirer;

  ActionExecutor(MotherDuckApi md, StateStore state, EngineOptions options,
      RotationListener listener, Rotator rotator, Revoker revoker, Retirer retirer) {
    this.md = md;
    this.state = state;
    this.options = options;
    this.listener = listener;
    this.rotator = rotator;
    this.revoker = revoker;
    this.retirer = retirer;
  }

  /** Runs the plan; returns the rotation when one was stored (not when it lost a CAS race). */
  Optional<Rotator.Result.Rotated> execute(
      SlotPolicy slot, SlotObservation obs, SlotPlan plan, Progress p, Consumer<SlotId> rotated) {
    Optional<Rotator.Result.Rotated> done = Optional.empty();
    for (PlannedAction a : plan.actions()) {
      if (a instanceof Rotate rotate) {
        listener.rotationStarting(slot.id(), rotate.reason(), obs.served().map(ServedToken::tokenId));
        if (rotator.rotate(slot, obs) instanceof Rotator.Result.Rotated r) {
          p.rotated = Optional.of(r.tokenId());
          rotated.accept(slot.id());
          done = Optional.of(r);
        }
      } else {
        apply(slot, obs, a, p);
      }
    }
    return done;
  }

  /** Everything but a rotation: used before a forced rotation. */
  void executeRecovery(SlotPolicy slot, SlotObservation obs, SlotPlan plan, Progress p) {
    for (PlannedAction a : plan.actions()) {
      if (!(a instanceof Rotate)) {
        apply(slot, obs, a, p);
      }
    }
  }

  private void apply(SlotPolicy slot, SlotObservation obs, PlannedAction a, Progress p) {
    String path = options.statePath(slot.id().username(), slot.id().slot());
    if (a instanceof CompleteIntent c) {
      Instant storedAt = obs.served().orElseThrow().storedAt();
      Instant revokeAt = storedAt.plus(slot.gracePeriod());
      state.update(path, s -> Rotator.supersede(
          s.withoutIntent(c.rotationId()), c.replacesTokenId(), storedAt, revokeAt));
      c.replacesTokenId().ifPresent(
          old -> listener.superseded(slot.id(), c.rotationId(), old, revokeAt));
    } else if (a instanceof DropIntent d) {
      state.update(path, s -> s.withoutIntent(d.rotationId()));
    } else if (a instanceof RevokeSuperseded r) {
      revoke(slot, r.tokenId(), RevocationReason.SUPERSEDED, p);
      state.update(path, s -> s.withoutSuperseded(r.tokenId()));
    } else if (a instanceof ForgetSuperseded f) {
      state.update(path, s -> s.withoutSuperseded(f.tokenId()));
    } else if (a instanceof RevokeOrphan o) {
      revoke(slot, o.tokenId(), RevocationReason.ORPHAN, p);
    } else if (a instanceof RevokeUnmanaged u) {
      revoke(slot, u.tokenId(), RevocationReason.UNMANAGED, p);
    } else {
      retire(slot, obs, a, p);
    }
  }

  private void retire(SlotPolicy slot, SlotObservation obs, PlannedAction a, Progress p) {
    if (a instanceof RecordRetirement r) {
      retirer.record(slot, obs.state(), r);
    } else if (a instanceof CancelRetirement) {
      retirer.cancel(slot);
    } else if (a instanceof RevokeRetired r) {
      revoke(slot, r.tokenId(), RevocationReason.RETIRED, p);
    } else if (a instanceof DeleteSecret d) {
      retirer.deleteSecret(slot, d);
    } else if (a instanceof DeleteState) {
      retirer.deleteState(slot);
    }
  }

  /** Compromise mode: revokes every token of the slot other than {@code keep}, at once. */
  void revokeAllBut(SlotPolicy slot, String keep, Optional<String> replaced, Progress p) {
    for (TokenInfo t : md.listTokens(slot.id().username())) {
      boolean ours = TokenNames.belongsTo(t.name(), slot.id().slot())
          || replaced.map(t.id()::equals).orElse(false);
      if (ours && !t.id().equals(keep)) {
        revoke(slot, t.id(), RevocationReason.COMPROMISE, p);
      }
    }
    String path = options.statePath(slot.id().username(), slot.id().slot());
    state.update(path, s -> new SlotState(s.version(), s.intents(), java.util.Map.of(), s.retirement()));
  }

  private void revoke(SlotPolicy slot, String tokenId, RevocationReason reason, Progress p) {
    revoker.revoke(slot.id(), tokenId, reason);
    p.revoked.add(tokenId);
  }
}
