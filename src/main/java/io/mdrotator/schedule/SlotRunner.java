package io.mdrotator.schedule;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.SlotOutcome;
import java.time.Instant;
import java.util.Locale;

/** Works on one slot and says when it wants to run again; the engine behind a scheduled job. */
@FunctionalInterface
public interface SlotRunner {
  Instant run(SlotPolicy slot, AccountPolicy account);

  /** When to run again, and a short outcome for the cluster's run log (never a secret). */
  record Result(Instant next, String outcome) {}

  /** As {@link #run}, with an outcome; runners that know more than "ok" override it. */
  default Result runReporting(SlotPolicy slot, AccountPolicy account) {
    return new Result(run(slot, account), "ok");
  }

  /** Runs {@link RotationEngine#reconcile} and schedules its {@code nextWakeUp}. */
  static SlotRunner of(RotationEngine engine) {
    return new SlotRunner() {
      @Override
      public Instant run(SlotPolicy slot, AccountPolicy account) {
        return runReporting(slot, account).next();
      }

      @Override
      public Result runReporting(SlotPolicy slot, AccountPolicy account) {
        SlotOutcome o = engine.reconcile(slot, account);
        return new Result(o.nextWakeUp(), describe(o));
      }
    };
  }

  /** {@code ok}, {@code rotated}, or {@code failed (n in a row): ExceptionType}. */
  static String describe(SlotOutcome o) {
    String status = o.status().name().toLowerCase(Locale.ROOT);
    if (!o.failed()) {
      return status;
    }
    return status + " (" + o.consecutiveFailures() + " in a row)"
        + o.failure().map(e -> ": " + e.getClass().getSimpleName()).orElse("");
  }
}
