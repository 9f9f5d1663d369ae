package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchFormat;
import io.mdrotator.tools.bench.BenchTable;
import io.mdrotator.tools.bench.PhysicalBound;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The daemon's first observation pass (every slot observed once after start, nothing due) against
 * its physical bound: each account is listed once (one MotherDuck round trip) and each slot reads
 * its state document and its secret (two Vault round trips, in that order), on {@code threads}
 * scheduler workers, so the pass takes at least
 * {@code max((A × MD latency + N × 2 × Vault latency) / T, A / R)} for A accounts, N slots and a
 * client limit of R MotherDuck requests per second.
 *
 * @param slots N
 * @param accounts A
 * @param threads T ({@code scheduler.threads})
 * @param rate R ({@code motherduck.requestsPerSecond})
 * @param wall from {@code /readyz} 200 to the pass's last Vault request
 * @param cpu the daemon's CPU over the same window
 * @param peakRssBytes VmHWM right after the pass
 * @param steadyRssBytes VmRSS at the end of the idle window that follows
 */
record ObservationPass(int slots, int accounts, int threads, double rate, Duration mdLatency, Duration vaultLatency,
    Duration wall, Duration cpu, long peakRssBytes, long steadyRssBytes) {
  static final double CPU_PER_SLOT_TARGET_MS = 0.3;
  static final double WALL_TARGET = 1.25;
  static final double PEAK_RSS_TARGET = 1.25;
  static final int VAULT_READS_PER_SLOT = 2;

  Duration bound() {
    long latencyNanos = (accounts * mdLatency.toNanos() + (long) slots * VAULT_READS_PER_SLOT * vaultLatency.toNanos()) / threads;
    Duration latency = Duration.ofNanos(latencyNanos);
    Duration rated = PhysicalBound.rateBound(accounts, 1, rate);
    return rated.compareTo(latency) > 0 ? rated : latency;
  }

  double cpuPerSlotMillis() {
    return cpu.toNanos() / 1e6 / slots;
  }

  double wallRatio() {
    return PhysicalBound.ratio(wall, bound());
  }

  double peakRssRatio() {
    return (double) peakRssBytes / steadyRssBytes;
  }

  boolean met() {
    return cpuPerSlotMillis() <= CPU_PER_SLOT_TARGET_MS && wallRatio() <= WALL_TARGET
        && peakRssRatio() <= PEAK_RSS_TARGET;
  }

  /** The pass's rows of the daemon table (columns: figure, measured, target, met). */
  void rows(BenchTable t) {
    t.row(List.of("first observation pass: wall (/readyz to last Vault read)", BenchFormat.seconds(wall), "-", "-"));
    t.row(List.of("   its physical bound", BenchFormat.seconds(bound()), "-", "-"));
    t.row(List.of("   wall / bound", BenchFormat.ratio(wallRatio()), "<= " + WALL_TARGET + "x", met(wallRatio() <= WALL_TARGET)));
    t.row(List.of("   daemon CPU during the pass", BenchFormat.seconds(cpu), "-", "-"));
    t.row(List.of("   CPU per slot observed", String.format(Locale.ROOT, "%.3f ms", cpuPerSlotMillis()),
        "<= " + CPU_PER_SLOT_TARGET_MS + " ms", met(cpuPerSlotMillis() <= CPU_PER_SLOT_TARGET_MS)));
    t.row(List.of("   peak RSS after the pass / steady RSS", BenchFormat.megabytes(peakRssBytes) + " / "
        + BenchFormat.megabytes(steadyRssBytes) + " = " + BenchFormat.ratio(peakRssRatio()),
        "<= " + PEAK_RSS_TARGET + "x", met(peakRssRatio() <= PEAK_RSS_TARGET)));
  }

  void notes(BenchTable t) {
    t.note("observation pass bound = max((A x MD latency + N x 2 x Vault latency) / T, A / R): one listing per account,"
        + " state and secret read per slot, T = " + threads + " scheduler threads, A = " + BenchFormat.count(accounts)
        + ", R = " + BenchFormat.decimal(rate) + "/s; CPU = utime+stime over the same window as the wall.");
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "NO";
  }
}
