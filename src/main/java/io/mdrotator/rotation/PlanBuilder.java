package io.mdrotator.rotation;

import io.mdrotator.rotation.PlannedAction.Rotate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects a plan's actions in execution order and the earliest wake-up. */
final class PlanBuilder {
  /** Recovery of interrupted rotations: runs before anything else. */
  final List<PlannedAction> first = new ArrayList<>();
  /** Revocations and reports: run after the rotation. */
  final List<PlannedAction> later = new ArrayList<>();
  Rotate rotate;
  Instant wake;

  PlanBuilder(Instant resync) {
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
