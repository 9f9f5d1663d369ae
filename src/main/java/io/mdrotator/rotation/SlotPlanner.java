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
import io.mdrotator.rotation.PlannedAction.Rotate;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The functional core: decides from one observation of a slot and {@code now} what to do and when
 * to look again. No I/O, no clock. See {@code docs/rotation-protocol.md} for the rules.
 *
 * <p>Safety contract: never plans revoking the token Vault serves; revokes a superseded token only
 * at or after its {@code revokeAfter}; never treats a token as an orphan while an intent naming it
 * is younger than {@code inFlightBound}, nor a fresh token younger than that bound.
 */
public final class SlotPlanner {
  private final EngineOptions options;

  public SlotPlanner(EngineOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Plans with unmanaged tokens only reported. */
  public SlotPlan plan(SlotPolicy policy, SlotObservation obs, Instant now) {
    return plan(policy, obs, now, UnmanagedTokens.REPORT);
  }

  /** Plans one slot; {@code unmanaged} is applied to tokens whose name is not md-rotator's. */
  public SlotPlan plan(
      SlotPolicy policy, SlotObservation obs, Instant now, UnmanagedTokens unmanaged) {
    Builder b = new Builder(now.plus(options.resyncInterval()));
    Optional<String> servedId = obs.served().map(ServedToken::tokenId);
    Set<String> accounted = new HashSet<>();
    servedId.ifPresent(accounted::add);
    boolean liveIntent = planIntents(policy.id().slot(), obs, now, b, accounted);
    planSuperseded(obs, now, b, accounted);
    planOrphans(policy, obs, now, b, accounted);
    planUnmanaged(obs, servedId, unmanaged, b);
    Optional<Instant> deadline =
        obs.served().flatMap(s -> obs.token(s.tokenId())).flatMap(TokenInfo::expiresAt);
    Liveness liveness = Liveness.of(policy, obs, now, options);
    Optional<Instant> nextRotation = planRotation(policy, obs, now, liveIntent, deadline, liveness, b);
    if (liveness.atRisk()) {
      b.wakeAt(now.plus(options.urgentRetry())); // whatever holds a rotation back, look again soon
    }
    return new SlotPlan(b.ordered(), nextRotation, deadline, b.wake.isBefore(now) ? now : b.wake, liveness);
  }

  private boolean planIntents(
      String slotName, SlotObservation obs, Instant now, Builder b, Set<String> accounted) {
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
    return live;
  }

  /** Younger than {@code inFlightBound} and not a rotation this engine knows it abandoned. */
  private boolean inFlight(Intent i, SlotObservation obs, Instant now) {
    return now.isBefore(i.startedAt().plus(options.inFlightBound()))
        && !obs.abandonedIntents().contains(i.rotationId());
  }

  private void planSuperseded(SlotObservation obs, Instant now, Builder b, Set<String> accounted) {
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
      SlotPolicy policy, SlotObservation obs, Instant now, Builder b, Set<String> accounted) {
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
      SlotObservation obs, Optional<String> servedId, UnmanagedTokens policy, Builder b) {
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

  private Optional<Instant> planRotation(
      SlotPolicy policy,
      SlotObservation obs,
      Instant now,
      boolean liveIntent,
      Optional<Instant> deadline,
      Liveness liveness,
      Builder b) {
    Optional<RotateReason> reason = rotateReason(policy, obs, liveness);
    if (reason.isEmpty()) {
      Instant due = dueAt(policy, obs);
      if (now.isBefore(due)) {
        b.wakeAt(due);
        return Optional.of(due);
      }
      reason = Optional.of(RotateReason.DUE);
    }
    if (liveIntent && !servedAtRisk(obs, now, deadline)) {
      // Another rotation is in flight: look again when it must be over, or when the served token
      // comes within the deadline margin of its expiry, whichever is first.
      deadline.ifPresent(d -> b.wakeAt(d.minus(options.deadlineMargin())));
      return Optional.of(b.wake);
    }
    if (obs.failures().consecutive() > 0) {
      Instant retryAt =
          RotationTiming.nextAttempt(policy.id(), obs.failures(), deadline, liveness.atRisk(), options);
      if (now.isBefore(retryAt)) {
        b.wakeAt(retryAt);
        return Optional.of(retryAt);
      }
      reason = Optional.of(reason.get() == RotateReason.DUE ? RotateReason.RETRY : reason.get());
    }
    b.rotate = new Rotate(reason.get());
    return Optional.of(now);
  }

  /**
   * Whether consumers are about to be left without a working token: Vault serves nothing, or a token
   * MotherDuck no longer lists, or one that is expired or within {@code deadlineMargin} of expiry.
   * A live intent (a rotation in flight, or one that crashed) holds back a new rotation only while
   * this is false: a crashed rotation's intent stays live for {@code inFlightBound}, which may
   * outlast the served token, and a racing rotation is settled by check-and-set anyway.
   */
  private boolean servedAtRisk(SlotObservation obs, Instant now, Optional<Instant> deadline) {
    if (obs.served().isEmpty() || obs.token(obs.served().get().tokenId()).isEmpty()) {
      return true;
    }
    return deadline.map(d -> !now.isBefore(d.minus(options.deadlineMargin()))).orElse(false);
  }

  /** Why the served token must be replaced regardless of its schedule; empty when it is healthy. */
  static Optional<RotateReason> rotateReason(SlotPolicy policy, SlotObservation obs, Instant now) {
    return rotateReason(policy, obs, Liveness.of(policy, obs, now, EngineOptions.DEFAULTS));
  }

  private static Optional<RotateReason> rotateReason(
      SlotPolicy policy, SlotObservation obs, Liveness liveness) {
    switch (liveness.state()) {
      case MISSING:
        return Optional.of(RotateReason.MISSING_IN_VAULT);
      case REVOKED:
        return Optional.of(RotateReason.NOT_LISTED);
      case EXPIRED:
        return Optional.of(RotateReason.EXPIRED);
      default:
        TokenInfo info = obs.token(obs.served().orElseThrow().tokenId()).orElseThrow();
        return info.type() != policy.tokenType() ? Optional.of(RotateReason.TYPE_CHANGED) : Optional.empty();
    }
  }

  /** Scheduled rotation of a listed served token; a never-expiring one is treated as living ttl. */
  private Instant dueAt(SlotPolicy policy, SlotObservation obs) {
    return Liveness.rotationDue(policy, obs.token(obs.served().orElseThrow().tokenId()).orElseThrow(), options);
  }

  private static List<String> idsNamed(SlotObservation obs, String name) {
    return obs.tokens().stream().filter(t -> t.name().equals(name)).map(TokenInfo::id).toList();
  }

  /** Collects actions in execution order and the earliest wake-up. */
  private static final class Builder {
    final List<PlannedAction> first = new ArrayList<>();
    final List<PlannedAction> later = new ArrayList<>();
    Rotate rotate;
    Instant wake;

    Builder(Instant resync) {
      this.wake = resync;
    }

    void wakeAt(Instant t) {
      if (t.isBefore(wake)) {
        wake = t;
      }
    }

    /** Recovery first, then the rotation (urgent), then revocations and reports. */
    List<PlannedAction> ordered() {
      List<PlannedAction> all = new ArrayList<>(first);
      if (rotate != null) {
        all.add(rotate);
      }
      all.addAll(later);
      return all;
    }
  }
}
