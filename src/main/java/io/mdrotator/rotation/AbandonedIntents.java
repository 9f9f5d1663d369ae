package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rotation ids of this engine's own rotations that failed while their intent was still recorded
 * (typically: minted, then neither stored nor able to revoke the token). Such an intent looks like a
 * rotation in flight to the planner and would block the slot and protect its token for {@code
 * inFlightBound}; this engine knows the rotation is over, so the planner treats it as stale at the
 * next attempt (revoke its token unless Vault serves it, drop the intent). In memory only: after a
 * restart, or for another process, the intent goes stale after {@code inFlightBound}, like any intent.
 */
final class AbandonedIntents {
  private final Map<SlotId, Set<String>> bySlot = new ConcurrentHashMap<>();

  void remember(SlotId slot, String rotationId) {
    bySlot.computeIfAbsent(slot, k -> ConcurrentHashMap.newKeySet()).add(rotationId);
  }

  /**
   * The slot's abandoned rotation ids that still have an intent in {@code recorded}; ids whose
   * intent is gone are forgotten.
   */
  Set<String> stillRecorded(SlotId slot, Collection<String> recorded) {
    Set<String> ids = bySlot.get(slot);
    if (ids == null) {
      return Set.of();
    }
    ids.retainAll(recorded);
    return Set.copyOf(ids);
  }
}
