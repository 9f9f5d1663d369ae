package io.mdrotator.tools.soak;

import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plays a {@link FaultSchedule} against the emulators' fault injectors on its own thread: adds each
 * window's rule at its start and clears the emulator's rules at its end. {@link #close()} stops it
 * and clears every rule (the drain runs without faults). {@link #played()} are the windows as they
 * really were in force, on the soak's clock (the liveness figure leaves them out).
 */
final class FaultDriver implements AutoCloseable {
  private final MotherDuckEmulator md;
  private final VaultEmulator vault;
  private final List<FaultSchedule.Window> windows;
  private final Thread thread;
  private final long startNanos;
  private final Map<FaultSchedule.Kind, Integer> windowsApplied = new EnumMap<>(FaultSchedule.Kind.class);
  private final Clock clock;
  private final List<LivenessGaps.Interval> played = new ArrayList<>();
  private Instant openSince;

  FaultDriver(MotherDuckEmulator md, VaultEmulator vault, List<FaultSchedule.Window> windows, Clock clock) {
    this.md = md;
    this.vault = vault;
    this.clock = clock;
    this.windows = List.copyOf(windows);
    this.startNanos = System.nanoTime();
    this.thread = new Thread(this::play, "soak-faults");
    thread.setDaemon(true);
    thread.start();
  }

  private void play() {
    try {
      for (FaultSchedule.Window w : windows) {
        sleepUntil(w.start());
        synchronized (windowsApplied) {
          openSince = clock.instant(); // before the rule: a window is never shorter than its effect
          injector(w.target()).add(FaultInjector.ANY, w.fault());
          windowsApplied.merge(w.kind(), 1, Integer::sum);
        }
        sleepUntil(w.end());
        synchronized (windowsApplied) {
          clear(w.target());
          closeWindow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleepUntil(Duration at) throws InterruptedException {
    long wait = at.toNanos() - (System.nanoTime() - startNanos);
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private FaultInjector injector(FaultSchedule.Target t) {
    return t == FaultSchedule.Target.MOTHERDUCK ? md.faults() : vault.faults();
  }

  private void clear(FaultSchedule.Target t) {
    if (t == FaultSchedule.Target.MOTHERDUCK) {
      md.clearFaults();
    } else {
      vault.faults().clear();
    }
  }

  /** Windows started so far, per kind. */
  Map<FaultSchedule.Kind, Integer> windowsApplied() {
    synchronized (windowsApplied) {
      return Map.copyOf(windowsApplied);
    }
  }

  /** Ends the open window (if any) now, after its rule was cleared. */
  private void closeWindow() {
    if (openSince != null) {
      played.add(new LivenessGaps.Interval(openSince, clock.instant()));
      openSince = null;
    }
  }

  /** The windows that were in force, from just before each rule was added to just after it was cleared. */
  List<LivenessGaps.Interval> played() {
    synchronized (windowsApplied) {
      return List.copyOf(played);
    }
  }

  /** Faults the emulators fired so far, all endpoints summed. */
  static long injected(FaultInjector f) {
    return f.callCounts().keySet().stream().mapToLong(f::injected).sum();
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (windowsApplied) {
      md.clearFaults();
      vault.faults().clear();
      closeWindow();
    }
  }
}
