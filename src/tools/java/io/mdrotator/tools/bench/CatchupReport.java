package io.mdrotator.tools.bench;

import java.time.Duration;
import java.util.List;

/** Turns catch-up results into rows of the figure 1 table. */
final class CatchupReport {
  private CatchupReport() {}

  static BenchTable table() {
    return new BenchTable("Figure 1: fleet catch-up (every slot due, one reconcile pass)", List.of(
        "N", "C", "rate R", "wall", "CPU (emulators)", "CPU/cores", "rotated", "MD rt/rot", "Vault rt/rot", "bound", "wall/bound",
        "naive loop (measured at)", "naive/wall"));
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
    return List.of(BenchFormat.count(r.slots()), Integer.toString(r.concurrency()),
        r.rate() > 0 ? BenchFormat.decimal(r.rate()) + "/s" : "none",
        BenchFormat.seconds(r.wall()), BenchFormat.seconds(r.cpu()) + " (" + BenchFormat.seconds(r.emulatorCpu()) + ")",
        BenchFormat.seconds(r.cpu().dividedBy(Runtime.getRuntime().availableProcessors())), BenchFormat.count(r.rotated()) + (r.failed() > 0 ? " (" + r.failed() + " failed)" : ""),
        BenchFormat.decimal(r.motherDuckPerRotation()), BenchFormat.decimal(r.vaultPerRotation()),
        BenchFormat.seconds(bound) + (rateBound.compareTo(latencyBound) > 0 ? " (rate)" : ""),
        BenchFormat.ratio(PhysicalBound.ratio(r.wall(), bound)), naive, speedup);
  }

  static void notes(BenchTable t, int naiveMax) {
    t.note("CPU: CPU time of the whole JVM during the pass; in brackets the emulators' threads' share (same JVM, same cores).");
    t.note("CPU/cores: the least wall time that CPU allows on this machine; above the bound, CPU is the limit.");
    t.note("rt/rot: requests the emulators received during the pass, divided by N.");
    t.note("bound = N x (MD rt x MD latency + Vault rt x Vault latency) / C; with a rate R, at least N x MD rt / R.");
    t.note("naive loop: create token, write Vault, revoke old, one request at a time; at most "
        + naiveMax + " slots are run and '~' marks a figure extrapolated to N from them.");
  }
}
