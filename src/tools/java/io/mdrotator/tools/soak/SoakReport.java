package io.mdrotator.tools.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of one soak and its verdict. {@link #violations()} lists every broken promise; the
 * command exits 1 when it is not empty.
 *
 * @param ran time with faults on; {@code drained} the time after it until no orphan was left (or the bound)
 * @param faultWindows windows planned; {@code faultsInjected} faults the emulators fired, by emulator
 * @param liveness each slot's longest time without a live token outside fault windows
 * @param maxTokensPerSlot each slot's largest count of live managed tokens seen
 * @param orphans {@code slot token_id} of every orphan after the drain
 * @param expiredUnaccounted {@code slot token_id} of managed tokens that expired on their own
 *     without ever being served or revoked: minted, then neither stored nor cleaned up
 * @param leaks problems {@link LeakCheck} found
 * @param canaryHits secrets found in the run's logs, metrics scrape and report (place and index only)
 */
public record SoakReport(
    Instant startedAt,
    SoakOptions options,
    Duration ran,
    Duration drained,
    Counts counts,
    int faultWindows,
    double faultCoverage,
    Map<String, Integer> windowsByKind,
    Map<String, Long> faultsInjected,
    Probe probe,
    Liveness liveness,
    Map<String, Integer> maxTokensPerSlot,
    List<String> orphans,
    List<String> expiredUnaccounted,
    List<Sample> samples,
    List<String> leaks,
    int secretsWatched,
    List<String> canaryFiles,
    List<String> canaryHits) {

  /** Event counts; {@code failures} are failed attempts, each retried. */
  public record Counts(long rotations, long revocations, long failedRevocations, long failures, long casLost,
      Map<String, Long> revocationsByReason, Map<String, Long> failuresByCause) {}

  /** Consumer probe figures; {@code firstViolations} as the probe printed them (token ids only). */
  public record Probe(long intervalMillis, long reads, long emptyReads, long violations, List<String> firstViolations) {}

  /**
   * The liveness figure ({@link LivenessGaps}): per slot, the longest time its consumers got no live
   * token outside fault windows, in milliseconds; {@code spans} counts every stretch without one
   * (fault windows included), {@code longestSpanMillis} is the longest of them counted whole.
   */
  public record Liveness(long boundMillis, Map<String, Long> longestOutsideWindowsMillis, int spans,
      long longestSpanMillis) {
    public Liveness {
      longestOutsideWindowsMillis = Map.copyOf(longestOutsideWindowsMillis);
    }

    /** The slot with the longest time (the first by name among equals), or empty when there is no slot. */
    public java.util.Optional<Map.Entry<String, Long>> worst() {
      return worstFirst().stream().findFirst();
    }

    /** Slots above the bound, worst first. */
    public List<Map.Entry<String, Long>> aboveBound() {
      return worstFirst().stream().filter(e -> e.getValue() > boundMillis).toList();
    }

    private List<Map.Entry<String, Long>> worstFirst() {
      java.util.Comparator<Map.Entry<String, Long>> byTime = Map.Entry.comparingByValue();
      return longestOutsideWindowsMillis.entrySet().stream()
          .sorted(byTime.reversed().thenComparing(Map.Entry.comparingByKey())).toList();
    }
  }

  public SoakReport {
    windowsByKind = Map.copyOf(windowsByKind);
    faultsInjected = Map.copyOf(faultsInjected);
    maxTokensPerSlot = Map.copyOf(maxTokensPerSlot);
    orphans = List.copyOf(orphans);
    expiredUnaccounted = List.copyOf(expiredUnaccounted);
    samples = List.copyOf(samples);
    leaks = List.copyOf(leaks);
    canaryFiles = List.copyOf(canaryFiles);
    canaryHits = List.copyOf(canaryHits);
  }

  /** Largest live managed token count of any slot. */
  public int maxTokensAnySlot() {
    return maxTokensPerSlot.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** Every broken promise; empty means the soak passed. */
  public List<String> violations() {
    List<String> v = new ArrayList<>();
    if (counts.rotations() == 0) {
      v.add("no rotation happened");
    }
    if (probe.reads() == 0) {
      v.add("the consumer probe read nothing");
    }
    if (probe.violations() > 0) {
      v.add(probe.violations() + " probe violations (consumers were handed a dead token)");
    }
    liveness.aboveBound().forEach(e -> v.add(e.getKey() + " served no live token for " + seconds(e.getValue())
        + " outside fault windows (bound " + seconds(liveness.boundMillis()) + ")"));
    maxTokensPerSlot.forEach((slot, n) -> {
      if (n > options.maxTokensPerSlot()) {
        v.add(slot + " had " + n + " live managed tokens (bound " + options.maxTokensPerSlot() + ")");
      }
    });
    orphans.forEach(o -> v.add("orphan after the drain: " + o));
    expiredUnaccounted.forEach(o -> v.add("token expired never served nor revoked: " + o));
    leaks.forEach(l -> v.add("leak: " + l));
    canaryHits.forEach(h -> v.add("secret leaked: " + h));
    return v;
  }

  public int exitCode() {
    return violations().isEmpty() ? 0 : 1;
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    SoakOptions o = options;
    line(b, "md-rotator soak started %s: %d slots, %s with faults + %s drain, seed %d, fault rate %.2f",
        startedAt, o.slots(), human(ran), human(drained), o.seed(), o.faultRate());
    line(b, "tokens: ttl %s, grace %s; bound %d live managed tokens per slot", human(o.ttl()), human(o.grace()),
        o.maxTokensPerSlot());
    line(b, "rotations %d, revocations %d %s, failed revocations %d, retried failures %d %s, CAS lost %d",
        counts.rotations(), counts.revocations(), counts.revocationsByReason(), counts.failedRevocations(),
        counts.failures(), counts.failuresByCause(), counts.casLost());
    line(b, "fault windows %d (%.0f%% of the run) %s; faults fired %s", faultWindows, faultCoverage * 100,
        windowsByKind, faultsInjected);
    line(b, "probe: every %d ms, %d reads (%d before a slot's first token), %d violations", probe.intervalMillis(),
        probe.reads(), probe.emptyReads(), probe.violations());
    probe.firstViolations().stream().limit(10).forEach(s -> line(b, "  %s", s));
    line(b, "no live token outside fault windows: longest %s, bound %s; %d stretches without one in all, "
        + "longest %s counted whole", liveness.worst().map(e -> seconds(e.getValue()) + " (" + e.getKey() + ")")
            .orElse("-"), seconds(liveness.boundMillis()), liveness.spans(), seconds(liveness.longestSpanMillis()));
    List<String> perSlot = new java.util.TreeMap<>(liveness.longestOutsideWindowsMillis()).entrySet().stream()
        .map(e -> e.getKey() + " " + seconds(e.getValue())).toList();
    for (int i = 0; i < perSlot.size(); i += 5) {
      line(b, "  %s", String.join(", ", perSlot.subList(i, Math.min(i + 5, perSlot.size()))));
    }
    line(b, "max live managed tokens per slot: %d", maxTokensAnySlot());
    line(b, "orphans after the drain: %d", orphans.size());
    line(b, "tokens that expired never served nor revoked: %d%s", expiredUnaccounted.size(),
        expiredUnaccounted.isEmpty() ? "" : " " + expiredUnaccounted.stream().limit(10).toList());
    line(b, "samples (s, heap used after GC MiB, heap committed MiB, RSS MiB, threads):");
    for (Sample s : samples) {
      line(b, "  %5d %6d %6d %6d %4d", s.atSeconds(), LeakCheck.mib(s.heapUsedBytes()),
          LeakCheck.mib(s.heapCommittedBytes()), s.rssBytes() < 0 ? -1 : LeakCheck.mib(s.rssBytes()), s.threads());
    }
    line(b, "leaks: %s", leaks.isEmpty() ? "none" : String.join("; ", leaks));
    line(b, "secrets canary: %d secrets searched in %s: %d hits", secretsWatched, canaryFiles, canaryHits.size());
    List<String> v = violations();
    line(b, "verdict: %s", v.isEmpty() ? "PASS" : "FAIL (" + v.size() + ")");
    v.forEach(s -> line(b, "  %s", s));
    return b.toString();
  }

  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("startedAt", startedAt.toString());
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("seconds", options.duration().toSeconds());
    opt.put("slots", options.slots());
    opt.put("faultRate", options.faultRate());
    opt.put("seed", options.seed());
    opt.put("ttlSeconds", options.ttl().toSeconds());
    opt.put("graceSeconds", options.grace().toSeconds());
    opt.put("maxTokensPerSlot", options.maxTokensPerSlot());
    opt.put("sampleEverySeconds", options.sampleEvery().toSeconds());
    opt.put("maxHeapMib", options.maxHeapMib());
    opt.put("maxNoLiveTokenSeconds", options.maxNoLiveToken().toMillis() / 1000.0);
    m.put("options", opt);
    m.put("ranSeconds", ran.toSeconds());
    m.put("drainedSeconds", drained.toSeconds());
    m.put("counts", counts);
    m.put("faultWindows", faultWindows);
    m.put("faultCoverage", faultCoverage);
    m.put("windowsByKind", windowsByKind);
    m.put("faultsInjected", faultsInjected);
    m.put("probe", probe);
    Map<String, Object> live = new LinkedHashMap<>();
    live.put("boundMillis", liveness.boundMillis());
    live.put("worstSlot", liveness.worst().map(Map.Entry::getKey).orElse(null));
    live.put("worstMillis", liveness.worst().map(Map.Entry::getValue).orElse(0L));
    live.put("spans", liveness.spans());
    live.put("longestSpanMillis", liveness.longestSpanMillis());
    live.put("longestOutsideWindowsMillis", new java.util.TreeMap<>(liveness.longestOutsideWindowsMillis()));
    m.put("liveness", live);
    m.put("maxTokensAnySlot", maxTokensAnySlot());
    m.put("maxTokensPerSlot", new java.util.TreeMap<>(maxTokensPerSlot));
    m.put("orphans", orphans);
    m.put("expiredUnaccounted", expiredUnaccounted);
    m.put("samples", samples);
    m.put("leaks", leaks);
    m.put("secretsWatched", secretsWatched);
    m.put("canaryFiles", canaryFiles);
    m.put("canaryHits", canaryHits);
    m.put("violations", violations());
    m.put("pass", violations().isEmpty());
    return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(m) + "\n";
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  /** Milliseconds as seconds with one decimal ({@code 2.4 s}). */
  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
  }
}
