package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.SlotObservation.Failures;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this engine remembers of each slot between runs (in memory; a restart starts afresh): its
 * failure streak, its liveness as last judged and the served token's deadline. A failed attempt is
 * retried from this knowledge, because a failed run may not have observed anything.
 */
final class SlotMemory {
  /** A slot's liveness as last judged, and the expiry of its served token as listed (retry deadline). */
  record Known(Liveness liveness, Optional<Instant> deadline) {
    static final Known NOTHING = new Known(Liveness.UNKNOWN, Optional.empty());
  }

  private final Map<SlotId, Failures> failures = new ConcurrentHashMap<>();
  private final Map<SlotId, Known> known = new ConcurrentHashMap<>();

  Failures failures(SlotId slot) {
    return failures.getOrDefault(slot, Failures.NONE);
  }

  Known known(SlotId slot) {
    return known.getOrDefault(slot, Known.NOTHING);
  }

  void judged(SlotId slot, SlotPlan plan) {
    known.put(slot, new Known(plan.liveness(), plan.deadline()));
  }

  void succeeded(SlotId slot) {
    failures.remove(slot);
  }

  /**
   * Counts a failed attempt at {@code now}; when it may have changed what Vault serves, the
   * slot's liveness becomes unknown (urgent retries). The deadline stays: Vault serves either the
   * token it had (whose expiry it is) or a new one living longer, so the earlier one still bounds
   * the retry (dropping it let a failed store retry after the old token had expired).
   */
  Known failed(SlotId slot, Instant now, boolean servedMayHaveChanged) {
    failures.put(slot, failures(slot).plusOne(now));
    Known k = known(slot);
    if (servedMayHaveChanged) {
      k = new Known(k.liveness().unknownAfterChange(), k.deadline());
      known.put(slot, k);
    }
    return k;
  }

  void forget(SlotId slot) {
    known.remove(slot);
    failures.remove(slot);
  }
}
