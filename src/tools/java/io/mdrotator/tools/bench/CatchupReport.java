package io.mdrotator.tools.bench;

import java.time.Duration;
import java.util.List;

/** Turns catch-up results into rows of the figure 1 table. */
final class CatchupReport {
  /** Catch-up at N = 1,000 and 10,000 takes at most this multiple of the minimal bound. */
  static final double MINIMAL_TARGET = 1.3;

  private CatchupReport() {}

  static BenchTable table() {
    return new BenchTable("Figure 1: fleet catch-up (every slot due, one reconcile pass)", List.of(
        "N", "C", "rate R", "wall", "CPU (emulators)", "CPU/cores", "rotated", "MD rt/rot", "Vault rt/rot", "bound", "wall/bound",
        "minimal bound", "wall/minimal", "target", "met", "naive loop (measured at)", "naive/wall"));
  }

  static List<String> row(CatchupBench.Result result, BenchOptions o) {
    CatchupBench.Run r = result.run();
    Duration latencyBound = PhysicalBound.latencyBound(r.slots(), r.concurrency(),
        r.motherDuckPerRotation(), o.mdLatency(), r.vaultPerRotation(), o.vaultLatency());
    Duration rateBound = PhysicalBound.rateBound(r.slots(), r.motherDuckPerRotation(), r.rate());
    Duration bound = rateBound.compareTo(latencyBound) > 0 ? rateBound : latencyBound;
    String naive = "-";
    String speedup = "-";
    if (result.naive().isPresent()) {
      NaiveLoop.Measurement m = result.naive().get();
      Duration full = m.extrapolate(r.slots());
      naive = (m.slots() < r.slots() ? "~" : "") + BenchFormat.seconds(full)
          + " (" + BenchFormat.count(m.slots()) + ")";
      speedup = BenchFormat.ratio((double) full.toNanos() / r.wall().toNanos());
    }
    Duration minimal = minimalBound(r, o);
    double toMinimal = PhysicalBound.ratio(r.wall(), minimal);
    return List.of(BenchFormat.count(r.slots()), Integer.toString(r.concurrency()),
        r.rate() > 0 ? BenchFormat.decimal(r.rate()) + "/s" : "none",
        BenchFormat.seconds(r.wall()), BenchFormat.seconds(r.cpu()) + " (" + BenchFormat.seconds(r.emulatorCpu()) + ")",
        BenchFormat.seconds(r.cpu().dividedBy(Runtime.getRuntime().availableProcessors())), BenchFormat.count(r.rotated()) + (r.failed() > 0 ? " (" + r.failed() + " failed)" : ""),
        perRotation(r.motherDuckPerRotation()), perRotation(r.vaultPerRotation()),
        BenchFormat.seconds(bound) + (rateBound.compareTo(latencyBound) > 0 ? " (rate)" : ""),
        BenchFormat.ratio(PhysicalBound.ratio(r.wall(), bound)),
        BenchFormat.seconds(minimal), BenchFormat.ratio(toMinimal), targeted(r) ? "<= " + MINIMAL_TARGET + "x" : "-",
        met(r, toMinimal), naive, speedup);
  }

  /** Sizes the minimal-bound target applies to. */
  static boolean targeted(CatchupBench.Run r) {
    return r.slots() == 1_000 || r.slots() == 10_000;
  }

  /** Whether a targeted run is within {@link #MINIMAL_TARGET} of the minimal bound. */
  static boolean meetsTarget(CatchupBench.Run r, BenchOptions o) {
    return !targeted(r) || PhysicalBound.ratio(r.wall(), minimalBound(r, o)) <= MINIMAL_TARGET;
  }

  /** Two decimals: 1 + 1/K is 1.25 at K = 4, and one decimal would print it as 1.3. */
  private static String perRotation(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }

  private static Duration minimalBound(CatchupBench.Run r, BenchOptions o) {
    return PhysicalBound.minimal(r.slots(), r.perAccount(), r.concurrency(), o.mdLatency(), o.vaultLatency(), r.rate());
  }

  private static String met(CatchupBench.Run r, double toMinimal) {
    return !targeted(r) ? "-" : toMinimal <= MINIMAL_TARGET ? "yes" : "NO";
  }

  static void notes(BenchTable t, int naiveMax) {
    t.note("CPU: CPU time of the whole JVM during the pass; in brackets the emulators' threads' share (same JVM, same cores).");
    t.note("CPU/cores: the least wall time that CPU allows on this machine; above the bound, CPU is the limit.");
    t.note("rt/rot: requests the emulators received during the pass, divided by N.");
    t.note("bound = N x (MD rt x MD latency + Vault rt x Vault latency) / C; with a rate R, at least N x MD rt / R.");
    t.note("minimal bound: the same formula with the crash-safe protocol's minimal round trips, fixed:"
        + " MD 1 + 1/K (create, one listing per account of K slots), Vault " + PhysicalBound.MIN_VAULT_PER_ROTATION
        + " (docs/rotation-protocol.md, 'Round trips'); met: wall <= " + MINIMAL_TARGET + "x of it at N = 1,000 and 10,000.");
    t.note("naive loop: create token, write Vault, revoke old, one request at a time; at most "
        + naiveMax + " slots are run and '~' marks a figure extrapolated to N from them.");
  }
}
