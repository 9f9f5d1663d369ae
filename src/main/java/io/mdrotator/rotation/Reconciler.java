package io.mdrotator.rotation;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;

/** Runs every slot of a policy once, in policy order (for {@code md-rotator reconcile}). */
public final class Reconciler {
  private final RotationEngine engine;

  public Reconciler(RotationEngine engine) {
    this.engine = engine;
  }

  /** Per-slot outcomes of one pass; a failing slot does not stop the others. */
  public record Result(List<SlotOutcome> outcomes) {
    public Result {
      outcomes = List.copyOf(outcomes);
    }

    public boolean anyFailed() {
      return outcomes.stream().anyMatch(SlotOutcome::failed);
    }

    /** 0 when every slot succeeded, 1 otherwise. */
    public int exitCode() {
      return anyFailed() ? 1 : 0;
    }
  }

  /** One slot's read-only report, or why it could not be made. */
  public record Inspection(SlotId slot, Optional<SlotReport> report, Optional<RuntimeException> error) {}

  /** Read-only reports of every slot at {@code now} (for {@code md-rotator plan}). */
  public List<Inspection> inspectAll(Policy policy, Instant now) {
    List<Inspection> out = new ArrayList<>();
    for (AccountPolicy account : policy.accounts()) {
      for (SlotPolicy slot : account.slots()) {
        try {
          out.add(new Inspection(slot.id(), Optional.of(engine.inspect(slot, account, now)),
              Optional.empty()));
        } catch (RuntimeException e) {
          out.add(new Inspection(slot.id(), Optional.empty(), Optional.of(e)));
        }
      }
    }
    return out;
  }

  public Result runOnce(Policy policy) {
    List<SlotOutcome> out = new ArrayList<>();
    for (AccountPolicy account : policy.accounts()) {
      for (SlotPolicy slot : account.slots()) {
        out.add(engine.reconcile(slot, account));
      }
    }
    return new Result(out);
  }
}
