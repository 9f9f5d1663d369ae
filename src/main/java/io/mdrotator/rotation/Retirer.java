package io.mdrotator.rotation;

import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.KvStore;
import io.mdrotator.rotation.PlannedAction.DeleteSecret;
import io.mdrotator.rotation.PlannedAction.RecordRetirement;
import io.mdrotator.rotation.RetirementEvent.Step;
import io.mdrotator.rotation.SlotState.RetirementRecord;
import java.util.Optional;

/**
 * Performs the retirement steps the planner decided (revocations go through the {@link Revoker}):
 * each step reports a {@link RetirementEvent} once it is done and then passes its {@link
 * ProtocolStep}, so a crash hook stops the engine right after it. Every step is idempotent: the
 * record is a check-and-set update that leaves an equal document alone, and Vault's deletes succeed
 * on a key already deleted or absent.
 */
final class Retirer {
  private final KvStore kv;
  private final StateStore state;
  private final EngineOptions options;
  private final RotationListener listener;
  private final StepHook steps;

  Retirer(KvStore kv, StateStore state, EngineOptions options, RotationListener listener, StepHook steps) {
    this.kv = kv;
    this.state = state;
    this.options = options;
    this.listener = listener;
    this.steps = steps;
  }

  /** Writes (or re-dates) the retirement record; {@code base} is the document as observed. */
  void record(SlotPolicy slot, SlotState base, RecordRetirement r) {
    Optional<RetirementRecord> rec = Optional.of(new RetirementRecord(r.recordedAt(), r.revokeAfter()));
    state.update(statePath(slot), base, s -> s.withRetirement(rec));
    listener.retirementStep(slot.id(), RetirementEvent.recorded(r.revokeAfter()));
    steps.reached(ProtocolStep.AFTER_RETIREMENT_RECORD);
  }

  /** The slot is in service again: its retirement record goes. */
  void cancel(SlotPolicy slot) {
    state.update(statePath(slot), s -> s.withRetirement(Optional.empty()));
    listener.retirementStep(slot.id(), RetirementEvent.cancelled());
  }

  void deleteSecret(SlotPolicy slot, DeleteSecret d) {
    if (d.destroy()) {
      kv.destroyAll(slot.vaultPath());
    } else {
      kv.softDeleteLatest(slot.vaultPath());
    }
    listener.retirementStep(slot.id(),
        RetirementEvent.at(d.destroy() ? Step.SECRET_DESTROYED : Step.SECRET_DELETED, slot.vaultPath()));
    steps.reached(ProtocolStep.AFTER_SECRET_DELETE);
  }

  /** The last step: the state document and its history go, the retirement record with them. */
  void deleteState(SlotPolicy slot) {
    kv.destroyAll(statePath(slot));
    listener.retirementStep(slot.id(), RetirementEvent.at(Step.STATE_DELETED, statePath(slot)));
    steps.reached(ProtocolStep.AFTER_STATE_DELETE);
  }

  private String statePath(SlotPolicy slot) {
    return options.statePath(slot.id().username(), slot.id().slot());
  }
}
