package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.PlannedAction.RecordRetirement;
import io.mdrotator.rotation.PlannedAction.ReportUnmanaged;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.SlotReport.PendingRevocation;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Builds the read-only {@link SlotReport} from an observation and its plan. */
final class Reports {
  private Reports() {}

  static SlotReport report(SlotPolicy slot, SlotObservation obs, SlotPlan plan, Instant now,
      boolean createAccount, boolean setDucklings) {
    List<PendingRevocation> pending = obs.state().superseded().values().stream()
        .map(s -> new PendingRevocation(s.tokenId(), s.revokeAfter()))
        .sorted(Comparator.comparing(PendingRevocation::revokeAfter))
        .toList();
    List<String> orphans = plan.actionsOf(RevokeOrphan.class).stream()
        .map(RevokeOrphan::tokenId).toList();
    List<String> unmanaged = plan.actionsOf(ReportUnmanaged.class).stream()
        .flatMap(r -> r.tokenIds().stream()).toList();
    return new SlotReport(slot.id(), now,
        obs.served().map(ServedToken::tokenId),
        obs.served().map(ServedToken::vaultVersion),
        obs.served().flatMap(s -> obs.token(s.tokenId())).flatMap(TokenInfo::expiresAt),
        plan.nextRotation(), pending, orphans, unmanaged,
        plan.actions().stream().filter(a -> !(a instanceof ReportUnmanaged)).toList(),
        plan.nextWakeUp(), plan.liveness(), createAccount, setDucklings, retiring(slot, obs, plan));
  }

  /** The recorded retirement, or the one the plan records now (its deadline included). */
  private static Optional<SlotReport.Retiring> retiring(SlotPolicy slot, SlotObservation obs, SlotPlan plan) {
    if (slot.retirement().isEmpty()) {
      return Optional.empty();
    }
    boolean destroy = slot.retirement().get().destroy();
    if (plan.liveness().state() == Liveness.State.RETIRED) {
      return Optional.of(new SlotReport.Retiring(Optional.empty(), Optional.empty(), destroy));
    }
    Optional<RecordRetirement> planned = plan.actionsOf(RecordRetirement.class).stream().findFirst();
    Optional<Instant> recordedAt = obs.state().retirement().map(SlotState.RetirementRecord::recordedAt);
    Optional<Instant> revokeAfter = planned.map(RecordRetirement::revokeAfter)
        .or(() -> obs.state().retirement().map(SlotState.RetirementRecord::revokeAfter));
    return Optional.of(new SlotReport.Retiring(recordedAt, revokeAfter, destroy));
  }
}
