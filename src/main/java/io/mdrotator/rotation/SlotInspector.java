package io.mdrotator.rotation;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.MotherDuckNotFoundException;
import java.time.Instant;
import java.util.List;

/** The engine's read-only question: what it would do for a slot at a given instant. */
final class SlotInspector {
  private final SlotObserver observer;
  private final SlotPlanner planner;
  private final SlotMemory memory;
  private final DucklingSync ducklings;

  SlotInspector(SlotObserver observer, SlotPlanner planner, SlotMemory memory,
      DucklingSync ducklings) {
    this.observer = observer;
    this.planner = planner;
    this.memory = memory;
    this.ducklings = ducklings;
  }

  /**
   * Reports the plan for the slot at {@code now}, acting on nothing. An account MotherDuck does not
   * know yet is reported as to be created when the policy says {@code ensureExists} (with no
   * tokens), and the account's Ducklings as to be set when they drift from the policy.
   */
  SlotReport inspect(SlotPolicy slot, AccountPolicy account, Instant now, AccountListings pass) {
    boolean missing = false;
    SlotObservation obs;
    try {
      obs = observer.observe(slot, account, false, memory.failures(slot.id()), pass);
    } catch (MotherDuckNotFoundException e) {
      if (!account.ensureExists()) {
        throw e;
      }
      missing = true;
      obs = observer.observe(slot, List::of, memory.failures(slot.id()));
    }
    SlotPlan plan = planner.plan(slot, obs, now, account.unmanagedTokensFor(slot));
    boolean setDucklings = missing
        ? account.ducklings().isPresent() && ducklings.appliesTo(slot, account)
        : ducklings.drifted(slot, account);
    return Reports.report(slot, obs, plan, now, missing, setDucklings);
  }
}
