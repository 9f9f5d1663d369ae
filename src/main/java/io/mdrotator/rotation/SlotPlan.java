package io.mdrotator.rotation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The planner's decision for a slot: actions due now (in order), when the served token should be
 * rotated ({@code nextRotation}, empty when a rotation is due now or no token is served), when a
 * retry may start, when to look again at the latest ({@code nextWakeUp}), and whether the slot's
 * consumers get a live token ({@code liveness}).
 */
public record SlotPlan(
    List<PlannedAction> actions,
    Optional<Instant> nextRotation,
    Optional<Instant> deadline,
    Instant nextWakeUp,
    Liveness liveness) {
  public SlotPlan {
    actions = List.copyOf(actions);
    java.util.Objects.requireNonNull(liveness, "liveness");
  }

  public boolean rotates() {
    return actions.stream().anyMatch(a -> a instanceof PlannedAction.Rotate);
  }

  public <T extends PlannedAction> List<T> actionsOf(Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Whether anything but reports is to be done. */
  boolean hasWork() {
    return actions.stream().anyMatch(a -> !(a instanceof PlannedAction.ReportUnmanaged));
  }

  /** Whether the plan rotates and does nothing else but report. */
  boolean onlyRotates() {
    return actions.stream().allMatch(
        a -> a instanceof PlannedAction.Rotate || a instanceof PlannedAction.ReportUnmanaged);
  }
}
