package io.mdrotator.soak;

import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plays a {@link FaultSchedule} against the emulators' fault injectors on its own thread: adds each
 * window's rule at its start and clears the emulator's rules at its end. {@link #close()} stops it
 * and clears every rule (the drain runs without faults).
 */
final class FaultDriver implements AutoCloseable {
  private final MotherDuckEmulator md;
  private final VaultEmulator vault;
  private final List<FaultSchedule.Window> windows;
  private final Thread thread;
  private final long startNanos;
  private final Map<FaultSchedule.Kind, Integer> windowsApplied = new EnumMap<>(FaultSchedule.Kind.class);

  FaultDriver(MotherDuckEmulator md, VaultEmulator vault, List<FaultSchedule.Window> windows) {
    this.md = md;
    this.vault = vault;
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
        injector(w.target()).add(FaultInjector.ANY, w.fault());
        synchronized (windowsApplied) {
          windowsApplied.merge(w.kind(), 1, Integer::sum);
        }
        sleepUntil(w.end());
        clear(w.target());
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
    md.clearFaults();
    vault.faults().clear();
  }
}
