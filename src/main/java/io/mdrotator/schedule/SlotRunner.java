package io.mdrotator.schedule;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationEngine;
import java.time.Instant;

/** Works on one slot and says when it wants to run again; the engine behind a scheduled job. */
@FunctionalInterface
public interface SlotRunner {
  Instant run(SlotPolicy slot, AccountPolicy account);

  /** Runs {@link RotationEngine#reconcile} and schedules its {@code nextWakeUp}. */
  static SlotRunner of(RotationEngine engine) {
    return (slot, account) -> engine.reconcile(slot, account).nextWakeUp();
  }
}
