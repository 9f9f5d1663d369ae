package io.mdrotator.rotation;

import io.mdrotator.policy.Retirement;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.PlannedAction.DeleteSecret;
import io.mdrotator.rotation.PlannedAction.DeleteState;
import io.mdrotator.rotation.PlannedAction.RecordRetirement;
import io.mdrotator.rotation.PlannedAction.RevokeRetired;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.RetirementRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of {@link SlotPlanner} for a slot the policy retires. Pure, like the planner.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Nothing left (no token of the slot listed, no intent, nothing readable at the slot path, no
 *       state document, and with {@code destroy} no version of the key): the slot is
 *       {@link Liveness.State#RETIRED}; nothing to do.
 *   <li>Intent first: the retirement is recorded in the state document before any other retirement
 *       step, with its deadline {@code revokeAfter = recordedAt + retire.gracePeriod}; a record
 *       whose deadline differs from that (the grace changed, or {@code retire --now}) is re-dated
 *       first. When no token of the slot is live and no intent is recorded, consumers have nothing
 *       to lose: the deadline is the moment of recording, and a recorded deadline is left as it is
 *       (the clean-up is due either way).
 *   <li>Before the deadline: no rotation; the ordinary clean-up ({@link RevocationPlanner}) goes on
 *       (intents completed or dropped, superseded tokens revoked at their own time, orphans); wake
 *       at the deadline. The slot is {@link Liveness.State#RETIRING}.
 *   <li>At or after the deadline, once no intent is in flight (a rotation started before the
 *       retirement, perhaps by another process, is waited out for {@code inFlightBound}): revoke
 *       every listed token the slot manages (served, superseded, replaced by an intent, or named
 *       for the slot; never a token named for another slot, nor an unmanaged token that is none of
 *       these), the served one last; then delete the
 *       slot's secret, then the state document. The executor stops at the first failure, so the
 *       secret and the record outlive every token they describe.
 * </ol>
 */
final class RetirementPlanner {
  private final EngineOptions options;
  private final RevocationPlanner revocations;

  RetirementPlanner(EngineOptions options, RevocationPlanner revocations) {
    this.options = options;
    this.revocations = revocations;
  }

  SlotPlan plan(SlotPolicy policy, SlotObservation obs, Instant now, UnmanagedTokens unmanaged) {
    Retirement retire = policy.retirement().orElseThrow();
    PlanBuilder b = new PlanBuilder(now.plus(options.resyncInterval()));
    Optional<ServedToken> served = obs.served();
    Optional<Instant> expiry = served.flatMap(s -> obs.token(s.tokenId())).flatMap(TokenInfo::expiresAt)
        .or(() -> served.flatMap(ServedToken::expiresAt));
    List<String> doomed = managedListed(policy, obs);
    boolean live = !doomed.isEmpty() || !obs.state().intents().isEmpty();
    Optional<RetirementRecord> recorded = obs.state().retirement();
    if (recorded.isEmpty() && !live && !leftovers(retire, obs)) {
      return plan(b, now, Optional.empty(), new Liveness(Liveness.State.RETIRED, Optional.empty(), Optional.empty()));
    }
    Instant recordedAt = recorded.map(RetirementRecord::recordedAt).orElse(now);
    Instant deadline = live ? recordedAt.plus(retire.gracePeriod()) : recordedAt;
    if (recorded.isEmpty() || (live && !recorded.get().revokeAfter().equals(deadline))) {
      b.first.add(new RecordRetirement(recordedAt, deadline)); // nothing live: no deadline to move
    }
    Liveness retiring = new Liveness(Liveness.State.RETIRING, served.map(ServedToken::tokenId), expiry);
    if (now.isBefore(deadline)) {
      revocations.plan(policy, obs, now, unmanaged, b);
      b.wakeAt(deadline);
      return plan(b, now, expiry, retiring);
    }
    Optional<Instant> inFlightUntil = inFlightUntil(obs, now);
    if (inFlightUntil.isPresent()) {
      b.wakeAt(inFlightUntil.get());
      return plan(b, now, expiry, retiring);
    }
    doomed.forEach(id -> b.first.add(new RevokeRetired(id)));
    if (obs.slotCustomMetadata().isPresent() || (retire.destroy() && obs.slotKeyVersion() > 0)) {
      b.first.add(new DeleteSecret(retire.destroy()));
    }
    b.first.add(new DeleteState());
    return plan(b, now, expiry, retiring);
  }

  private static SlotPlan plan(PlanBuilder b, Instant now, Optional<Instant> expiry, Liveness liveness) {
    return new SlotPlan(b.ordered(), Optional.empty(), expiry, b.wake.isBefore(now) ? now : b.wake, liveness);
  }

  /**
   * Listed tokens the slot manages, the served one last: named for the slot, superseded by it, the
   * token an intent replaces, and the served token unless it is named for another slot.
   */
  static List<String> managedListed(SlotPolicy policy, SlotObservation obs) {
    String slot = policy.id().slot();
    Set<String> ids = new LinkedHashSet<>();
    obs.tokens().stream().filter(t -> TokenNames.belongsTo(t.name(), slot)).forEach(t -> ids.add(t.id()));
    obs.state().superseded().keySet().forEach(ids::add);
    obs.state().intents().values().forEach(i -> i.replacesTokenId().ifPresent(ids::add));
    Optional<TokenInfo> served = obs.served().flatMap(s -> obs.token(s.tokenId()))
        .filter(t -> TokenNames.belongsTo(t.name(), slot) || TokenNames.parse(t.name()).isEmpty());
    served.ifPresent(t -> ids.remove(t.id()));
    List<String> out = new ArrayList<>(ids.stream()
        .filter(id -> obs.token(id).map(t -> !namedForAnotherSlot(t.name(), slot)).orElse(false))
        .sorted().toList());
    served.ifPresent(t -> out.add(t.id()));
    return out;
  }

  /** A managed name of another slot: that slot's token, never this one's to revoke. */
  private static boolean namedForAnotherSlot(String name, String slot) {
    return TokenNames.parse(name).isPresent() && !TokenNames.belongsTo(name, slot);
  }

  /** Something of the slot remains in Vault: a readable secret, a state document, a key to destroy. */
  private static boolean leftovers(Retirement retire, SlotObservation obs) {
    return obs.served().isPresent() || obs.slotCustomMetadata().isPresent() || obs.state().version() > 0
        || (retire.destroy() && obs.slotKeyVersion() > 0);
  }

  /**
   * When the last intent still in flight goes stale: younger than {@code inFlightBound}, not one this
   * engine abandoned, and not already served (a served intent is over). Empty when none is.
   */
  private Optional<Instant> inFlightUntil(SlotObservation obs, Instant now) {
    Optional<String> servedName = obs.served().map(ServedToken::tokenName);
    return obs.state().intents().values().stream()
        .filter(i -> servedName.map(n -> !n.equals(i.tokenName())).orElse(true))
        .filter(i -> !obs.abandonedIntents().contains(i.rotationId()))
        .map(Intent::startedAt)
        .map(t -> t.plus(options.inFlightBound()))
        .filter(now::isBefore)
        .max(Instant::compareTo);
  }
}
