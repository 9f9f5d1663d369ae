package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.PlannedAction.Rotate;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The functional core: decides from one observation of a slot and {@code now} what to do and when
 * to look again. No I/O, no clock. See {@code docs/rotation-protocol.md} for the rules.
 *
 * <p>This class decides whether and when to rotate; {@link RevocationPlanner} decides the clean-up
 * (intents, superseded, orphan and unmanaged tokens) and holds the revocation safety contract;
 * {@link RetirementPlanner} decides everything for a slot the policy retires. A slot in service
 * whose state document still records a retirement (the policy took {@code retire} back) has that
 * record cancelled first.
 */
public final class SlotPlanner {
  private final EngineOptions options;
  private final RevocationPlanner revocations;
  private final RetirementPlanner retirements;

  public SlotPlanner(EngineOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.revocations = new RevocationPlanner(options);
    this.retirements = new RetirementPlanner(options, revocations);
  }

  /** Plans with unmanaged tokens only reported. */
  public SlotPlan plan(SlotPolicy policy, SlotObservation obs, Instant now) {
    return plan(policy, obs, now, UnmanagedTokens.REPORT);
  }

  /** Plans one slot; {@code unmanaged} is applied to tokens whose name is not md-rotator's. */
  public SlotPlan plan(
      SlotPolicy policy, SlotObservation obs, Instant now, UnmanagedTokens unmanaged) {
    if (policy.retired()) {
      return retirements.plan(policy, obs, now, unmanaged);
    }
    PlanBuilder b = new PlanBuilder(now.plus(options.resyncInterval()));
    if (obs.state().retirement().isPresent()) {
      b.first.add(new PlannedAction.CancelRetirement());
    }
    boolean liveIntent = revocations.plan(policy, obs, now, unmanaged, b);
    Optional<Instant> deadline =
        obs.served().flatMap(s -> obs.token(s.tokenId())).flatMap(TokenInfo::expiresAt);
    Liveness liveness = Liveness.of(policy, obs, now, options);
    Optional<Instant> nextRotation = planRotation(policy, obs, now, liveIntent, deadline, liveness, b);
    if (liveness.atRisk()) {
      b.wakeAt(now.plus(options.urgentRetry())); // whatever holds a rotation back, look again soon
    }
    return new SlotPlan(b.ordered(), nextRotation, deadline, b.wake.isBefore(now) ? now : b.wake, liveness);
  }

  private Optional<Instant> planRotation(
      SlotPolicy policy,
      SlotObservation obs,
      Instant now,
      boolean liveIntent,
      Optional<Instant> deadline,
      Liveness liveness,
      PlanBuilder b) {
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
}
