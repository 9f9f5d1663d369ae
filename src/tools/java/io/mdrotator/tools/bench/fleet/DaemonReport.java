package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchFormat;
import io.mdrotator.tools.bench.BenchTable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Figures 2-4 as tables, with the targets of docs/benchmarks.md next to each figure. */
final class DaemonReport {
  static final double IDLE_CPU_TARGET = 1.0;
  static final long RSS_TARGET = 256L * 1024 * 1024;
  static final Duration STARTUP_TARGET = Duration.ofMillis(1200);
  static final Duration RELOAD_TARGET = Duration.ofSeconds(1);
  static final double SERIES_PER_SLOT_TARGET = 6;
  static final long SCRAPE_BYTES_TARGET = 2L * 1024 * 1024;
  static final Duration SCRAPE_CPU_TARGET = Duration.ofMillis(50);

  private DaemonReport() {}

  static BenchTable table(DaemonBench.Result r) {
    BenchTable t = new BenchTable("Figures 2-4: the daemon with " + BenchFormat.count(r.slots()) + " slots",
        List.of("figure", "measured", "target", "met"));
    t.row(List.of("fig 3: start-up to /readyz 200 (median of " + r.startups().size() + ")", ms(r.startup()),
        "<= 1,200 ms", met(startupMet(r))));
    t.row(List.of("   each launch, in order", r.startups().stream().map(d -> BenchFormat.count(d.toMillis()))
        .collect(java.util.stream.Collectors.joining(", ")) + " ms", "-", "-"));
    t.row(List.of("   first resync pass (all slots observed)", BenchFormat.seconds(r.firstPass()), "-", "-"));
    t.row(List.of("   daemon CPU from launch to end of first pass", BenchFormat.seconds(r.firstPassCpu()), "-", "-"));
    r.pass().rows(t);
    t.row(List.of("fig 2: idle CPU over " + r.idleWindow().toSeconds() + " s, one /metrics scrape every "
        + DaemonBench.IDLE_SCRAPE_INTERVAL.toSeconds() + " s",
        String.format(Locale.ROOT, "%.2f %% of a core", r.idleCpuPercent()), "< 1 %", met(r.idleCpuPercent() < IDLE_CPU_TARGET)));
    t.row(List.of("   requests to the emulators while idle", BenchFormat.count(r.idleRequests()), "-", "-"));
    t.row(List.of("fig 2: RSS at end of idle window", BenchFormat.megabytes(r.rssBytes()), "< 256 MB", met(r.rssBytes() < RSS_TARGET)));
    t.row(List.of("   peak RSS (VmHWM, whole run)", BenchFormat.megabytes(r.peakRssBytes()), "-", "-"));
    t.row(List.of("fig 2: live heap after full GC", BenchFormat.megabytes(r.liveHeapBytes()), "-", "-"));
    t.row(List.of("   counts after first pass", counts(r.initial()), "jobs = slots", met(proportional(r.initial()))));
    scrapeRows(t, r.initial());
    for (DaemonBench.Reload rl : r.reloads()) {
      t.row(List.of("fig 4: reload: " + rl.change() + " (" + BenchFormat.count(rl.slotsBefore()) + " -> "
          + BenchFormat.count(rl.slotsAfter()) + ")", ms(rl.took()), "< 1000 ms", met(rl.took().compareTo(RELOAD_TARGET) < 0)));
      t.row(List.of("   counts after it settled", counts(rl.after()), "jobs = slots", met(proportional(rl.after()))));
    }
    t.note("start-up: from launching the JVM to the first 200 of /readyz (policy loaded, both targets answered);"
        + " every launch but the last is stopped at once, the last is the daemon measured below.");
    t.note("idle: after the first pass (emulators quiet for 3 s) + 2 s, a scrape (text format) at its start and every "
        + DaemonBench.IDLE_SCRAPE_INTERVAL.toSeconds() + " s; CPU = utime+stime of /proc/<pid>/stat.");
    r.pass().notes(t);
    t.note("reload: SIGHUP sent -> the 'loaded' instant /readyz reports (set after swap, metrics and reschedule).");
    t.note("scrape: as Prometheus scrapes (text format, Accept-Encoding: gzip); CPU = the daemon's utime+stime"
        + " over " + DaemonBench.SCRAPE_REPEATS + " back-to-back scrapes / " + DaemonBench.SCRAPE_REPEATS
        + " (10 ms ticks); the first scrape also pays for compiling the code.");
    t.note("counts: slots in the file / Quartz jobs (mdrotator_scheduled_slots; '?' when absent) / per-slot"
        + " series / all series / live MotherDuck tokens (must equal the fleet: nothing is due).");
    return t;
  }

  /** The scrape's cost at this fleet size beside its targets. */
  private static void scrapeRows(BenchTable t, DaemonBench.Counts c) {
    t.row(List.of("scrape: series per slot (with a slot label; all series / slots)",
        String.format(Locale.ROOT, "%.2f (%.2f)", c.slotSeriesPerSlot(), c.seriesPerSlot()), "<= 6",
        met(c.slotSeriesPerSlot() <= SERIES_PER_SLOT_TARGET)));
    t.row(List.of("scrape: text exposition, uncompressed", mb(c.scrapeBytes()), "<= 2 MB",
        met(c.scrapeBytes() <= SCRAPE_BYTES_TARGET)));
    t.row(List.of("scrape: body sent to Prometheus (gzip)", mb(c.scrapeWireBytes()), "<= 2 MB",
        met(c.scrapeWireBytes() <= SCRAPE_BYTES_TARGET)));
    t.row(List.of("scrape: daemon CPU per scrape (mean of " + DaemonBench.SCRAPE_REPEATS + " after the first)",
        ms(c.steadyScrapeCpu()), "<= 50 ms", met(c.steadyScrapeCpu().compareTo(SCRAPE_CPU_TARGET) <= 0)));
    t.row(List.of("   first scrape after start: wall, daemon CPU", ms(c.scrape()) + ", " + ms(c.scrapeCpu()) + " CPU",
        "-", "-"));
    t.row(List.of("   steady scrape wall (mean)", ms(c.steadyScrape()), "-", "-"));
  }

  /** Series per slot, scrape size (as sent, gzip) and steady scrape CPU within their targets. */
  static boolean scrapeTargetsMet(DaemonBench.Counts c) {
    return c.slotSeriesPerSlot() <= SERIES_PER_SLOT_TARGET && c.scrapeWireBytes() <= SCRAPE_BYTES_TARGET
        && c.steadyScrapeCpu().compareTo(SCRAPE_CPU_TARGET) <= 0;
  }

  static boolean targetsMet(DaemonBench.Result r) {
    return r.pass().met() && startupMet(r) && r.idleCpuPercent() < IDLE_CPU_TARGET
        && r.rssBytes() < RSS_TARGET && proportional(r.initial())
        && r.reloads().stream().allMatch(rl -> rl.took().compareTo(RELOAD_TARGET) < 0 && proportional(rl.after()));
  }

  /** Start-up to ready, median of the launches, within {@link #STARTUP_TARGET}. */
  static boolean startupMet(DaemonBench.Result r) {
    return r.startup().compareTo(STARTUP_TARGET) <= 0;
  }

  /** Jobs equal slots (when reported) and per-slot series are a whole multiple of the slots. */
  static boolean proportional(DaemonBench.Counts c) {
    boolean jobs = Double.isNaN(c.scheduledJobs()) || c.scheduledJobs() == c.declaredSlots();
    return jobs && c.slotSeries() % c.declaredSlots() == 0;
  }

  private static String counts(DaemonBench.Counts c) {
    return BenchFormat.count(c.declaredSlots()) + " / "
        + (Double.isNaN(c.scheduledJobs()) ? "?" : BenchFormat.count((long) c.scheduledJobs())) + " / "
        + BenchFormat.count(c.slotSeries()) + " / " + BenchFormat.count(c.totalSeries()) + " / "
        + BenchFormat.count(c.liveTokens());
  }

  /** Megabytes (2^20 bytes) with two decimals: scrape sizes are around one. */
  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "NO";
  }

  private static String ms(Duration d) {
    return BenchFormat.count(d.toMillis()) + " ms";
  }
}
