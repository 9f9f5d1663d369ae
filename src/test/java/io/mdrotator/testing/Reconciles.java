package io.mdrotator.testing;

import io.mdrotator.emulator.MutableClock;
import io.mdrotator.rotation.SlotOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Drives reconcile passes on a hand-moved clock, as the scheduler would. */
public final class Reconciles {
  private Reconciles() {}

  /**
   * Runs {@code reconcile} at every wake-up it asks for (one second later when the wake-up is not
   * ahead), at most {@code maxPasses} times, until the clock passes {@code until}. With {@code
   * stopAtUntil} a wake-up beyond {@code until} moves the clock to {@code until} instead, so the
   * last pass happens there.
   */
  public static List<SlotOutcome> until(MutableClock clock, Supplier<SlotOutcome> reconcile, Instant until,
      int maxPasses, boolean stopAtUntil) {
    List<SlotOutcome> out = new ArrayList<>();
    for (int i = 0; i < maxPasses && !clock.instant().isAfter(until); i++) {
      SlotOutcome o = reconcile.get();
      out.add(o);
      Instant next = o.nextWakeUp().isAfter(clock.instant()) ? o.nextWakeUp() : clock.instant().plusSeconds(1);
      clock.set(stopAtUntil && next.isAfter(until) && clock.instant().isBefore(until) ? until : next);
    }
    return out;
  }
}
