package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One lock per slot, so that one slot is worked on by one thread at a time in this process. */
final class SlotLocks {
  private final Map<SlotId, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Runs {@code work} holding the slot's lock (waiting for it if another thread has it). */
  <T> T holding(SlotId slot, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(slot, k -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
