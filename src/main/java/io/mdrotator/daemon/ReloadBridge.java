package io.mdrotator.daemon;

import io.mdrotator.document.Problem;
import io.mdrotator.observability.Observability;
import io.mdrotator.observability.SlotKey;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyDiff;
import io.mdrotator.policy.PolicyReloadListener;
import io.mdrotator.schedule.RotationScheduler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a reloaded policy to the scheduler and the metrics; reports rejected reloads. */
record ReloadBridge(RotationScheduler scheduler, Observability obs) implements PolicyReloadListener {
  /** The daemon's logger: operators filter the daemon's lines by this one name. */
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  static List<SlotKey> slotKeys(Policy policy) {
    return policy.slots().stream().map(s -> new SlotKey(s.id(), s.tokenType().wire())).toList();
  }

  @Override
  public void applied(Policy previous, Policy next, PolicyDiff diff) {
    long t0 = System.nanoTime();
    List<SlotKey> keys = slotKeys(next);
    // Series first: an added slot runs as soon as it is scheduled and reports at once; a removed
    // slot's late events are ignored. The load is reported (readiness, metrics) once both are done.
    obs.metrics().syncSlots(keys);
    long t1 = System.nanoTime();
    scheduler.apply(previous, next);
    long t2 = System.nanoTime();
    obs.policyApplied(keys.size());
    LOG.info("policy applied: {} slots; series synced in {} ms, schedule updated in {} ms", keys.size(),
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
  }

  @Override
  public void rejected(List<Problem> problems) {
    obs.policyReloadFailed(problems.isEmpty() ? "invalid policy" : problems.get(0).format());
  }
}
