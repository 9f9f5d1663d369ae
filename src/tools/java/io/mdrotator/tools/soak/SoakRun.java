package io.mdrotator.tools.soak;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.mdrotator.config.ConfigException;
import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.tools.probe.ConsumerProbe;
import io.mdrotator.tools.probe.NoLiveSpan;
import io.mdrotator.tools.probe.ProbeFigures;
import io.mdrotator.tools.probe.ProbeViolation;
import io.mdrotator.observability.LogFormat;
import io.mdrotator.observability.LoggingSetup;
import io.mdrotator.policy.PolicyException;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.tools.canary.SecretScan;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * One soak: emulators, the real daemon (in this JVM, under its Quartz scheduler), the consumer
 * probe every {@link #PROBE_INTERVAL}, a token watch, resource samples and the fault schedule for
 * the run's duration; then faults off and a drain until no orphan is left (or its bound); then the
 * audit. The daemon's log goes to {@code daemon.log} in the output directory (same masking encoder
 * as production), which the secrets canary searches with the metrics scrape and the report.
 */
public final class SoakRun {
  static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
  static final long WATCH_INTERVAL_MILLIS = 250;

  private final SoakOptions o;
  private final PrintStream progress;
  private final Clock clock = Clock.systemUTC();

  public SoakRun(SoakOptions options, PrintStream progress) {
    this.o = options;
    this.progress = progress;
  }

  /** Runs the soak and writes report.txt and report.json into {@code options.out()}. */
  public SoakReport run() throws IOException, InterruptedException, ConfigException, PolicyException {
    Files.createDirectories(o.out());
    Instant started = clock.instant();
    List<FaultSchedule.Window> windows = FaultSchedule.generate(o.seed(), o.duration(), o.faultRate());
    FileAppender<ILoggingEvent> log = attachLog(o.out().resolve("daemon.log"));
    try (SoakEnvironment env = SoakEnvironment.start(o)) {
      SoakTally tally = new SoakTally();
      DaemonConfig config = ConfigLoader.load(env.configFile());
      ResourceSampler sampler = new ResourceSampler(o.sampleEvery().toMillis());
      ConsumerProbe probe = ConsumerProbe.start(env.motherDuck(), env.vault(), clock, env.probeTargets(), PROBE_INTERVAL);
      TokenWatch watch = new TokenWatch(env.motherDuck(), env.vault(), env.slots(), WATCH_INTERVAL_MILLIS);
      Duration ran;
      Duration drained;
      List<String> orphans;
      Map<FaultSchedule.Kind, Integer> applied;
      List<LivenessGaps.Interval> played;
      Instant daemonStarting = clock.instant();
      Instant daemonStopping;
      try (Daemon daemon = Daemon.start(config, Map.of(), clock, tally, SignalHook.NONE)) {
        progress.printf("soak: %d slots for %s, %d fault windows, output %s%n", o.slots(), SoakReport.human(o.duration()),
            windows.size(), o.out());
        long t0 = System.nanoTime();
        try (FaultDriver faults = new FaultDriver(env.motherDuck(), env.vault(), windows, clock)) {
          waitWithProgress(tally);
          applied = faults.windowsApplied();
          faults.close(); // ends a window still open, so played() has every window (closing again is harmless)
          played = faults.played();
        }
        ran = Duration.ofNanos(System.nanoTime() - t0);
        orphans = drain(env);
        drained = Duration.ofNanos(System.nanoTime() - t0).minus(ran);
        scrapeMetrics(daemon.metricsPort(), o.out().resolve("metrics.txt"));
        daemonStopping = clock.instant();
      }
      probe.close();
      watch.close();
      List<String> expired = watch.expiredUnaccounted(tally.revokedIds());
      sampler.sampleNow();
      sampler.close();
      ProbeFigures pf = probe.figures();
      SoakReport report = new SoakReport(started, o, ran, drained, tally.counts(), windows.size(),
          FaultSchedule.coverage(windows, o.duration()), names(applied),
          Map.of("motherduck", FaultDriver.injected(env.motherDuck().faults()),
              "vault", FaultDriver.injected(env.vault().faults())),
          new SoakReport.Probe(PROBE_INTERVAL.toMillis(), pf.reads(), pf.emptyReads(), pf.violationCount(),
              pf.violations().stream().limit(20).map(ProbeViolation::toString).toList()),
          liveness(env, probe.noLiveSpans(), played, new LivenessGaps.Interval(daemonStarting, daemonStopping)),
          watch.maxPerSlot(), orphans, expired, sampler.samples(),
          LeakCheck.problems(sampler.samples(), o.maxHeapMib() << 20), 0, List.of(), List.of());
      detach(log);
      return canary(report, new SecretScan(env.issuedSecrets()));
    } finally {
      detach(log);
    }
  }

  /**
   * The liveness figure: the probe's no-live spans, charged only outside the windows as played and
   * inside {@code accounted} (the daemon running: from just before it starts to just before it stops).
   */
  private SoakReport.Liveness liveness(SoakEnvironment env, List<NoLiveSpan> spans, List<LivenessGaps.Interval> played,
      LivenessGaps.Interval accounted) {
    Map<String, Duration> longest = LivenessGaps.longestOutsideWindows(
        env.slots().stream().map(SoakEnvironment.Slot::label).toList(), spans, played, accounted);
    Map<String, Long> millis = new TreeMap<>();
    longest.forEach((slot, d) -> millis.put(slot, d.toMillis()));
    long whole = spans.stream().mapToLong(sp -> LivenessGaps.outside(sp.from(), sp.end(accounted.to()), List.of(),
        accounted).toMillis()).max().orElse(0);
    return new SoakReport.Liveness(o.maxNoLiveToken().toMillis(), millis, spans.size(), whole);
  }

  private void waitWithProgress(SoakTally tally) throws InterruptedException {
    long end = System.nanoTime() + o.duration().toNanos();
    long step = Duration.ofMinutes(1).toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Duration.ofNanos(Math.min(left, step)).toMillis() + 1);
      SoakReport.Counts c = tally.counts();
      progress.printf("soak: %s rotations=%d revocations=%d failures=%d%n", clock.instant(), c.rotations(),
          c.revocations(), c.failures());
    }
  }

  /**
   * Faults are off and the daemon keeps running: waits until no slot has an orphan, at most the
   * drain bound. Audited while the daemon runs because a token it is minting or a superseded token
   * at its revocation instant looks like an orphan for a moment; what counts is that none stays.
   */
  private List<String> drain(SoakEnvironment env) throws InterruptedException {
    long end = System.nanoTime() + o.drainBound().toNanos();
    List<String> orphans = audit(env);
    while (!orphans.isEmpty() && System.nanoTime() < end) {
      Thread.sleep(500);
      orphans = audit(env);
    }
    return orphans;
  }

  private List<String> audit(SoakEnvironment env) {
    Instant now = clock.instant();
    List<String> out = new ArrayList<>();
    for (SoakEnvironment.Slot s : env.slots()) {
      OrphanAudit.SlotView v = OrphanAudit.read(env.motherDuck(), env.vault(), SoakEnvironment.MOUNT, s.username(),
          s.name(), s.vaultPath(), s.statePath());
      OrphanAudit.orphans(v, now).forEach(id -> out.add(s.label() + " " + id));
    }
    return out;
  }

  /** Writes the report, searches every file of the run for issued secrets, writes the final report. */
  private SoakReport canary(SoakReport first, SecretScan scan) throws IOException {
    write(first);
    List<String> files = List.of("daemon.log", "metrics.txt", "report.txt", "report.json");
    List<String> hits = new ArrayList<>();
    for (String f : files) {
      hits.addAll(scan.scanFile(o.out().resolve(f)));
    }
    SoakReport last = new SoakReport(first.startedAt(), o, first.ran(), first.drained(), first.counts(),
        first.faultWindows(), first.faultCoverage(), first.windowsByKind(), first.faultsInjected(), first.probe(),
        first.liveness(), first.maxTokensPerSlot(), first.orphans(), first.expiredUnaccounted(), first.samples(), first.leaks(), scan.watched(), files, hits);
    write(last);
    return last;
  }

  private void write(SoakReport r) throws IOException {
    Files.writeString(o.out().resolve("report.txt"), r.text());
    Files.writeString(o.out().resolve("report.json"), r.json());
  }

  private static Map<String, Integer> names(Map<FaultSchedule.Kind, Integer> applied) {
    Map<String, Integer> m = new TreeMap<>();
    applied.forEach((k, v) -> m.put(k.name(), v));
    return m;
  }

  private static void scrapeMetrics(int port, Path file) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    Files.writeString(file, r.body());
  }

  /** Adds a file appender with the production text encoder to the root logger. */
  private static FileAppender<ILoggingEvent> attachLog(Path file) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    FileAppender<ILoggingEvent> a = new FileAppender<>();
    a.setContext(ctx);
    a.setName("soak-log");
    a.setFile(file.toString());
    a.setAppend(false);
    a.setEncoder(LoggingSetup.encoder(ctx, LogFormat.TEXT, LoggingSetup.TEXT_PATTERN));
    a.start();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(a);
    return a;
  }

  private static void detach(FileAppender<ILoggingEvent> a) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(a);
    a.stop();
  }
}
