package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchFormat;
import io.mdrotator.tools.bench.BenchTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** CLI start-up as a table, each figure beside its target (docs/benchmarks.md "CLI start-up"). */
final class StartupReport {
  /** Targets of the commands that have one; {@code --help} is shown for scale. */
  static final Map<String, Duration> TARGETS = Map.of(
      "validate", Duration.ofMillis(500),
      "plan", Duration.ofMillis(1500));

  private StartupReport() {}

  static BenchTable table(StartupBench.Result r) {
    int runs = r.figures().values().iterator().next().withArchive().size();
    BenchTable t = new BenchTable("CLI start-up (" + BenchFormat.count(r.slots()) + "-slot policy, median of " + runs
        + " launches)", List.of("figure", "measured", "target", "met", "without archive", "each launch (archive)"));
    for (StartupBench.Figure f : r.figures().values()) {
      Duration target = TARGETS.get(f.command());
      t.row(List.of("CLI start-up: md-rotator " + f.command() + (f.command().equals("--help") ? "" : " --config"),
          ms(f.median()), target == null ? "-" : "<= " + ms(target), target == null ? "-" : met(met(f, target)),
          ms(f.medianWithoutArchive()), f.withArchive().stream().map(d -> BenchFormat.count(d.toMillis()))
              .collect(Collectors.joining(", "))));
    }
    t.row(List.of("   class-data archive: md-rotator cds (once)", ms(r.archiveCreation()),
        "-", "-", BenchFormat.megabytes(r.archiveBytes()), "-"));
    t.note("launch: java " + String.join(" ", r.flags()) + " -jar md-rotator.jar <command>; process start to exit,"
        + " output discarded; 'without archive' drops -XX:SharedArchiveFile (the JDK's own archive only).");
    t.note("plan reads both emulators (in the bench JVM) with the bench's per-request latencies.");
    return t;
  }

  static boolean targetsMet(StartupBench.Result r) {
    return r.figures().values().stream().allMatch(f -> !TARGETS.containsKey(f.command())
        || met(f, TARGETS.get(f.command())));
  }

  private static boolean met(StartupBench.Figure f, Duration target) {
    return f.median().compareTo(target) <= 0;
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "NO";
  }

  private static String ms(Duration d) {
    return BenchFormat.count(d.toMillis()) + " ms";
  }
}
