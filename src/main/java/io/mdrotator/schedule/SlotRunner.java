package io.mdrotator.schedule;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.AccountListings;
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

  /**
   * As {@link #runReporting(SlotPolicy, AccountPolicy)} as one slot of a pass over many slots,
   * whose runs may share account listings ({@link AccountListings}); runners that list accounts
   * override it.
   */
  default Result runReporting(SlotPolicy slot, AccountPolicy account, AccountListings pass) {
    return runReporting(slot, account);
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
        return runReporting(slot, account, AccountListings.NONE);
      }

      @Override
      public Result runReporting(SlotPolicy slot, AccountPolicy account, AccountListings pass) {
        SlotOutcome o = engine.reconcile(slot, account, pass);
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
