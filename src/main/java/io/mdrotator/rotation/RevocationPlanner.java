package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.PlannedAction.CompleteIntent;
import io.mdrotator.rotation.PlannedAction.DropIntent;
import io.mdrotator.rotation.PlannedAction.ForgetSuperseded;
import io.mdrotator.rotation.PlannedAction.ReportUnmanaged;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.PlannedAction.RevokeSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeUnmanaged;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of {@link SlotPlanner} that cleans up around rotations: finishes or drops intents,
 * revokes superseded tokens past their grace period, orphans and (by policy) unmanaged tokens.
 * Pure, like the planner.
 *
 * <p>Safety contract: never plans revoking the token Vault serves; revokes a superseded token only
 * at or after its {@code revokeAfter}; never treats a token as an orphan while an intent naming it
 * is younger than {@code inFlightBound}, nor a fresh token younger than that bound.
 */
final class RevocationPlanner {
  private final EngineOptions options;

  RevocationPlanner(EngineOptions options) {
    this.options = options;
  }

  /**
   * Adds the clean-up of one observation to {@code b}; returns whether a rotation is in flight
   * (a live intent), which holds back a new one.
   */
  boolean plan(SlotPolicy policy, SlotObservation obs, Instant now, UnmanagedTokens unmanaged,
      PlanBuilder b) {
    Optional<String> servedId = obs.served().map(ServedToken::tokenId);
    Set<String> accounted = new HashSet<>();
    servedId.ifPresent(accounted::add);
    boolean liveIntent = planIntents(policy.id().slot(), obs, now, b, accounted);
    planSuperseded(obs, now, b, accounted);
    planOrphans(policy, obs, now, b, accounted);
    planUnmanaged(obs, servedId, unmanaged, b);
    return liveIntent;
  }

  private boolean planIntents(
      String slotName, SlotObservation obs, Instant now, PlanBuilder b, Set<String> accounted) {
    boolean live = false;
    List<Intent> intents = new ArrayList<>(obs.state().intents().values());
    intents.sort(Comparator.comparing(Intent::startedAt));
    Set<String> liveNames = new HashSet<>();
    intents.stream().filter(i -> inFlight(i, obs, now)).forEach(i -> liveNames.add(i.tokenName()));
    for (Intent i : intents) {
      accounted.addAll(idsNamed(obs, i.tokenName()));
      if (obs.served().map(s -> s.tokenName().equals(i.tokenName())).orElse(false)) {
        b.first.add(new CompleteIntent(i.rotationId(), obs.served().get().tokenId(),
            i.replacesTokenId().filter(r -> !r.equals(obs.served().get().tokenId()))));
        i.replacesTokenId().ifPresent(accounted::add);
        continue;
      }
      if (inFlight(i, obs, now)) {
        live = true;
        b.wakeAt(i.startedAt().plus(options.inFlightBound()));
        continue;
      }
      planAbandoned(slotName, i, obs, liveNames, b);
    }
    return live;
  }

  /** An intent past its bound: revoke what it minted (where that is safe), then drop it. */
  private static void planAbandoned(
      String slotName, Intent i, SlotObservation obs, Set<String> liveNames, PlanBuilder b) {
    for (String id : idsNamed(obs, i.tokenName())) {
      if (!TokenNames.belongsTo(i.tokenName(), slotName)
          || liveNames.contains(i.tokenName())
          || obs.state().superseded().containsKey(id)) {
        continue; // beyond its own slot, or awaiting its grace period: not this rule's to revoke
      }
      if (obs.served().map(st -> st.tokenId().equals(id)).orElse(false)) {
        continue; // served under another name: never revoke what Vault serves
      }
      b.first.add(new RevokeOrphan(id, i.tokenName()));
    }
    b.first.add(new DropIntent(i.rotationId()));
  }

  /** Younger than {@code inFlightBound} and not a rotation this engine knows it abandoned. */
  private boolean inFlight(Intent i, SlotObservation obs, Instant now) {
    return now.isBefore(i.startedAt().plus(options.inFlightBound()))
        && !obs.abandonedIntents().contains(i.rotationId());
  }

  private static void planSuperseded(
      SlotObservation obs, Instant now, PlanBuilder b, Set<String> accounted) {
    for (Superseded s : obs.state().superseded().values()) {
      accounted.add(s.tokenId());
      boolean served = obs.served().map(t -> t.tokenId().equals(s.tokenId())).orElse(false);
      if (served || obs.token(s.tokenId()).isEmpty()) {
        b.later.add(new ForgetSuperseded(s.tokenId()));
      } else if (!now.isBefore(s.revokeAfter())) {
        b.later.add(new RevokeSuperseded(s.tokenId()));
      } else {
        b.wakeAt(s.revokeAfter());
      }
    }
  }

  private void planOrphans(
      SlotPolicy policy, SlotObservation obs, Instant now, PlanBuilder b, Set<String> accounted) {
    for (TokenInfo t : obs.tokens()) {
      if (!TokenNames.belongsTo(t.name(), policy.id().slot()) || accounted.contains(t.id())) {
        continue;
      }
      Instant adultAt = t.createdAt().plus(options.inFlightBound());
      if (now.isBefore(adultAt)) {
        b.wakeAt(adultAt); // may be a racing engine's token whose intent we have not seen yet
      } else {
        b.later.add(new RevokeOrphan(t.id(), t.name()));
      }
    }
  }

  private static void planUnmanaged(
      SlotObservation obs, Optional<String> servedId, UnmanagedTokens policy, PlanBuilder b) {
    List<String> ids =
        obs.tokens().stream()
            .filter(t -> TokenNames.parse(t.name()).isEmpty())
            .map(TokenInfo::id)
            .filter(id -> servedId.map(s -> !s.equals(id)).orElse(true))
            .toList();
    if (ids.isEmpty()) {
      return;
    }
    b.later.add(new ReportUnmanaged(ids));
    if (policy == UnmanagedTokens.REVOKE) {
      ids.forEach(id -> b.later.add(new RevokeUnmanaged(id)));
    }
  }

  private static List<String> idsNamed(SlotObservation obs, String name) {
    return obs.tokens().stream().filter(t -> t.name().equals(name)).map(TokenInfo::id).toList();
  }
}
