package io.mdrotator.reliability.faults;

import java.time.Duration;

/**
 * One cell of the fault matrix: what is broken, when, and the outcome it must have, written down
 * before the run. {@code step} runs at every step of the cell's timeline with the time since the
 * slot's first token was stored; it injects the fault (a rotation is due at about 38 to 40 minutes)
 * and returns how many faults it caused itself (outside the emulators' fault injectors). A
 * {@code noFailures} cell must also see no failed reconcile.
 */
record FaultCell(String name, String area, String fault, String expected, Duration skew,
    boolean violationsExpected, Step step, boolean noFailures) {

  FaultCell(String name, String area, String fault, String expected, Duration skew, boolean violationsExpected, Step step) {
    this(name, area, fault, expected, skew, violationsExpected, step, false);
  }

  /** The same cell, also requiring that no reconcile fails: the adapters absorb the fault. */
  FaultCell mustNotFail() {
    return new FaultCell(name, area, fault, expected, skew, violationsExpected, step, true);
  }

  /** The fault's timeline; {@link Run#once} helps act at one instant. */
  interface Step {
    long at(Run run, Duration elapsed);
  }

  /** Cell-local state while the cell runs. */
  static final class Run {
    final Slot slot;
    private final java.util.Set<String> done = new java.util.HashSet<>();

    Run(Slot slot) {
      this.slot = slot;
    }

    FaultWorld world() {
      return slot.world;
    }

    /** True the first time it is asked with {@code key} once {@code elapsed >= from}. */
    boolean once(String key, Duration elapsed, Duration from) {
      return elapsed.compareTo(from) >= 0 && done.add(key);
    }
  }
}
