package io.mdrotator.schedule;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.AccountListings;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runs a start or a reload scheduled for now form one pass over many slots, whose runs share
 * one MotherDuck listing per account ({@link AccountListings}). A slot's first run after the pass
 * began takes part in it; any later run of the slot (its own schedule, a liveness-watch or
 * recovery trigger) lists afresh. A new pass replaces the previous one, and the pass's listings are
 * dropped once each of its slots has run. Thread-safe.
 */
final class PassListings {
  private record Pass(Set<SlotId> pending, AccountListings listings) {}

  private final AtomicReference<Pass> current = new AtomicReference<>();

  /** Begins a pass over {@code slots} (none: the previous pass ends). */
  void begin(Collection<SlotId> slots) {
    if (slots.isEmpty()) {
      current.set(null);
      return;
    }
    Set<SlotId> pending = ConcurrentHashMap.newKeySet(slots.size());
    pending.addAll(slots);
    current.set(new Pass(pending, AccountListings.forPass()));
  }

  /** The listings the slot's run shares: the pass's for its first run in the pass, else none. */
  AccountListings claim(SlotId slot) {
    Pass p = current.get();
    if (p == null || !p.pending.remove(slot)) {
      return AccountListings.NONE;
    }
    if (p.pending.isEmpty()) {
      current.compareAndSet(p, null);
    }
    return p.listings;
  }

  /** Slots of the current pass that have not run yet (for tests). */
  int pending() {
    Pass p = current.get();
    return p == null ? 0 : p.pending.size();
  }
}
