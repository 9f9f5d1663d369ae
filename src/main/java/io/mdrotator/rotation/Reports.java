package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.PlannedAction.ReportUnmanaged;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.SlotReport.PendingRevocation;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

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
        plan.nextWakeUp(), plan.liveness(), createAccount, setDucklings);
  }
}
