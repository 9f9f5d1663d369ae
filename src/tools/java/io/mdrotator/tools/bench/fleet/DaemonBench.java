package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchEmulators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures 2-4 of docs/benchmarks.md on the real daemon: a policy of N slots whose tokens were issued
 * beforehand (so none is due), the emulators in this JVM, {@code md-rotator run} in a child JVM.
 * Measures start-up to {@code /readyz} 200, the first resync pass, idle CPU and memory, then
 * reloads (remove slots, add them back, change every slot) and the counts that must follow the
 * policy after each.
 */
public final class DaemonBench {
  private static final Pattern LOADED = Pattern.compile("loaded ([0-9TZ:.\\-]+), (\\d+) slots");
  private static final Duration QUIET = Duration.ofSeconds(3);
  /** Prometheus' usual scrape interval: the idle window includes one scrape this often. */
  static final Duration IDLE_SCRAPE_INTERVAL = Duration.ofSeconds(15);
  private static final long POLL_MS = 50;
  /** {@code motherduck.requestsPerSecond} of the daemon under test. */
  static final double RATE = 1000;

  /**
   * What the run is asked to do. {@code startups}: launches timed to ready; all but the last are
   * stopped at once (figure 3).
   */
  public record Settings(int slots, int perAccount, Duration idle, Duration mdLatency, Duration vaultLatency,
      List<String> jvmFlags, Path daemonJar, int threads, int startups, Path workDir, PrintWriter progress) {}

  /**
   * Counts that must stay proportional to the policy, and what a scrape costs: {@code scrape},
   * {@code scrapeCpu} of the first scrape, {@code scrapeBytes} its uncompressed text,
   * {@code scrapeWireBytes} its body as sent (gzip), {@code steadyScrape}/{@code steadyScrapeCpu}
   * the mean of {@link #SCRAPE_REPEATS} scrapes that follow.
   */
  public record Counts(int declaredSlots, double scheduledJobs, int slotSeries, int totalSeries, long liveTokens,
      Duration scrape, Duration scrapeCpu, long scrapeBytes, long scrapeWireBytes, Duration steadyScrape,
      Duration steadyScrapeCpu) {
    /** Series carrying a {@code slot} label, per declared slot. */
    public double slotSeriesPerSlot() {
      return (double) slotSeries / declaredSlots;
    }

    /** Every series of the scrape, per declared slot. */
    public double seriesPerSlot() {
      return (double) totalSeries / declaredSlots;
    }
  }

  /** Scrapes after the first whose mean CPU is the steady cost of a scrape. */
  static final int SCRAPE_REPEATS = 10;

  /** One reload: what changed, how long swap + reschedule took, the counts once it settled. */
  public record Reload(String change, int slotsBefore, int slotsAfter, Duration took, Counts after) {}

  /** {@code startups}: start-up to ready of each launch, in order (the last one is the measured daemon's). */
  public record Result(int slots, List<Duration> startups, Duration firstPass, Duration firstPassCpu, Duration idleWindow,
      double idleCpuPercent, long idleRequests, long rssBytes, long liveHeapBytes, long peakRssBytes, Counts initial,
      List<Reload> reloads, ObservationPass pass) {
    /** The median start-up: one launch says little, start-up moves by a quarter from run to run. */
    public Duration startup() {
      List<Duration> sorted = startups.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }
  }

  private final Settings s;

  public DaemonBench(Settings settings) {
    this.s = settings;
  }

  public Result run() throws InterruptedException {
    BenchPolicyFile full = BenchPolicyFile.of(s.slots(), s.perAccount());
    try (BenchEmulators emu = BenchEmulators.start(full.usernames())) {
      progress("seeding " + s.slots() + " slots (first tokens, no latency)");
      FleetSeeder.seed(emu, full, this::progress);
      emu.applyLatency(s.mdLatency(), s.vaultLatency());
      Path policyFile = s.workDir().resolve("policy.yaml");
      write(policyFile, full.yaml());
      List<Duration> startups = new ArrayList<>();
      for (int i = 1; i < s.startups(); i++) {
        startups.add(startOnly(emu, policyFile, i));
      }
      int port = freePort();
      Path config = writeConfig(emu, policyFile, port);
      emu.resetCounters();
      long t0 = System.nanoTime();
      try (DaemonProcess d = DaemonProcess.launch(s.daemonJar(), s.jvmFlags(), config, port,
          s.workDir().resolve("daemon.log"))) {
        String ready = d.awaitReady(Duration.ofMinutes(2));
        Duration startup = Duration.ofNanos(System.nanoTime() - t0);
        startups.add(startup);
        long readyAt = System.nanoTime();
        long cpuAtReady = ProcStats.cpuMillis(d.pid());
        progress("ready after " + startup.toMillis() + " ms: " + ready.strip());
        long lastRead = awaitQuiet(emu, d, full.usernames().size());
        Duration firstPass = Duration.ofNanos(System.nanoTime() - t0);
        Duration firstPassCpu = Duration.ofMillis(ProcStats.cpuMillis(d.pid()));
        Duration passWall = Duration.ofNanos(lastRead - readyAt);
        Duration passCpu = Duration.ofMillis(firstPassCpu.toMillis() - cpuAtReady);
        long passPeakRss = ProcStats.peakRssBytes(d.pid());
        progress("first resync pass done after " + firstPass.toSeconds() + " s; idle for " + s.idle().toSeconds() + " s");
        Thread.sleep(2_000);
        long requests0 = emu.motherDuckRequests() + emu.vaultRequests();
        long cpu0 = ProcStats.cpuMillis(d.pid());
        long w0 = System.nanoTime();
        idleWithScrapes(d, s.idle());
        long cpu1 = ProcStats.cpuMillis(d.pid());
        Duration window = Duration.ofNanos(System.nanoTime() - w0);
        long idleRequests = emu.motherDuckRequests() + emu.vaultRequests() - requests0;
        long rss = ProcStats.rssBytes(d.pid());
        double cpuPercent = 100.0 * (cpu1 - cpu0) / window.toMillis();
        progress("idle CPU " + cpuPercent + " %, RSS " + rss / (1024 * 1024) + " MB");
        long liveHeap = d.liveHeapBytes();
        progress("live heap after full GC " + liveHeap / (1024 * 1024) + " MB");
        Counts initial = counts(d, emu, full);
        List<Reload> reloads = new ArrayList<>();
        int removed = Math.max(1, s.slots() / 100);
        reloads.add(reload(d, emu, policyFile, full, full.withoutFirst(removed), "remove " + removed + " slots"));
        reloads.add(reload(d, emu, policyFile, full.withoutFirst(removed), full, "add " + removed + " slots back"));
        // Last: every slot runs again after it (a whole resync pass); counted without waiting for it.
        reloads.add(reload(d, emu, policyFile, full, full.withGracePeriod("3d"), "change every slot (gracePeriod)"));
        long peak = ProcStats.peakRssBytes(d.pid());
        ObservationPass pass = new ObservationPass(s.slots(), full.usernames().size(), s.threads(), RATE, s.mdLatency(),
            s.vaultLatency(), passWall, passCpu, passPeakRss, rss);
        return new Result(s.slots(), startups, firstPass, firstPassCpu, window, cpuPercent, idleRequests, rss, liveHeap, peak,
            initial, reloads, pass);
      }
    }
  }

  /**
   * The idle window as a monitored daemon has it: one {@code /metrics} scrape at its start and every
   * {@link #IDLE_SCRAPE_INTERVAL} after, nothing else.
   */
  private static void idleWithScrapes(DaemonProcess d, Duration window) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + window.toNanos();
    for (long next = start; next < end; next += IDLE_SCRAPE_INTERVAL.toNanos()) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      d.scrape();
    }
    long rest = end - System.nanoTime();
    if (rest > 0) {
      Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
    }
  }

  /** One launch timed to {@code /readyz} 200, then stopped (SIGTERM); its own port, config and log. */
  private Duration startOnly(BenchEmulators emu, Path policyFile, int n) throws InterruptedException {
    int port = freePort();
    Path config = writeConfig(emu, policyFile, port);
    long t0 = System.nanoTime();
    try (DaemonProcess d = DaemonProcess.launch(s.daemonJar(), s.jvmFlags(), config, port,
        s.workDir().resolve("daemon-startup-" + n + ".log"))) {
      d.awaitReady(Duration.ofMinutes(2));
      Duration startup = Duration.ofNanos(System.nanoTime() - t0);
      progress("start-up " + n + ": ready after " + startup.toMillis() + " ms");
      return startup;
    }
  }

  /** Rewrites the policy file (rename), sends SIGHUP, waits until /readyz reports the new load. */
  private Reload reload(DaemonProcess d, BenchEmulators emu, Path policyFile, BenchPolicyFile from,
      BenchPolicyFile to, String change) throws InterruptedException {
    String before = loadedDetail(d);
    write(policyFile, to.yaml());
    Instant sent = Instant.now();
    d.sighup();
    String after;
    do {
      Thread.sleep(25);
      d.requireAlive();
      after = loadedDetail(d);
    } while (after.equals(before) && Duration.between(sent, Instant.now()).toMinutes() < 5);
    Matcher m = LOADED.matcher(after);
    if (!m.find() || after.equals(before)) {
      throw new IllegalStateException("reload not applied within 5 minutes; see " + d.log());
    }
    Duration took = Duration.between(sent, Instant.parse(m.group(1)));
    progress("reload '" + change + "': " + took.toMillis() + " ms (SIGHUP sent at " + sent + ")");
    if (to.declaredSlots() != from.declaredSlots()) {
      awaitQuiet(emu, d, 0);
    }
    return new Reload(change, from.declaredSlots(), to.declaredSlots(), took, counts(d, emu, to));
  }

  private static String loadedDetail(DaemonProcess d) {
    return d.get("/readyz").map(r -> {
      Matcher m = LOADED.matcher(r.body());
      return m.find() ? m.group() : "";
    }).orElse("");
  }

  private Counts counts(DaemonProcess d, BenchEmulators emu, BenchPolicyFile file) {
    ScrapeProbe.Figures f = ScrapeProbe.measure(d.metricsPort(), d.pid(), SCRAPE_REPEATS);
    String text = f.text();
    ScrapeCounts c = ScrapeCounts.parse(text);
    long tokens = file.usernames().stream().mapToLong(u -> emu.motherDuck().liveTokens(u).size()).sum();
    progress("scrape: " + f.textBytes() / 1024 + " KiB text, " + f.wireBytes() / 1024 + " KiB sent"
        + (f.gzip() ? " (gzip)" : "") + ", first " + f.firstCpu().toMillis() + " ms CPU, then "
        + f.meanCpu().toMillis() + " ms CPU per scrape over " + f.repeats());
    return new Counts(file.declaredSlots(), ScrapeCounts.value(text, "mdrotator_scheduled_slots"),
        c.slotSamples(), c.totalSamples(), tokens, f.firstWall(), f.firstCpu(), f.textBytes(), f.wireBytes(),
        f.meanWall(), f.meanCpu());
  }

  /**
   * Waits until Vault has had at least {@code minRequests} requests and then none for {@link
   * #QUIET}: every slot's observation reads Vault, while the liveness watch keeps listing MotherDuck
   * accounts forever, so MotherDuck's count never settles. Returns when (System.nanoTime) the last
   * Vault request was seen, to the poll's resolution.
   */
  private long awaitQuiet(BenchEmulators emu, DaemonProcess d, long minRequests) throws InterruptedException {
    long last = -1;
    long since = System.nanoTime();
    long until = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    while (System.nanoTime() < until) {
      d.requireAlive();
      long now = emu.vaultRequests();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (now >= minRequests && System.nanoTime() - since >= QUIET.toNanos()) {
        return since;
      }
      Thread.sleep(POLL_MS);
    }
    throw new IllegalStateException("the daemon kept calling Vault for 15 minutes; see " + d.log());
  }

  private Path writeConfig(BenchEmulators emu, Path policyFile, int port) {
    Path dir = s.workDir();
    writeSecret(dir.resolve("admin-token"), emu.adminToken().reveal());
    writeSecret(dir.resolve("vault-token"), emu.vault().rootToken().reveal());
    Path config = dir.resolve("md-rotator.yaml");
    write(config, """
        policyFile: %s
        motherduck:
          apiUrl: %s
          adminToken: {file: admin-token}
          requestsPerSecond: %d
          requestTimeout: 30s
        vault:
          address: %s
          auth:
            method: token
            token: {file: vault-token}
        metrics:
          listen: 127.0.0.1:%d
        scheduler:
          threads: %d
          resyncInterval: 10m
        logging:
          format: console
        """.formatted(policyFile.getFileName(), emu.motherDuck().baseUri(), (long) RATE, emu.vault().address(), port,
        s.threads()));
    return config;
  }

  private void progress(String line) {
    s.progress().println("  " + line);
    s.progress().flush();
  }

  /** Write-temp-and-rename, as editors and config management do. */
  private static void write(Path file, String text) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeSecret(Path file, String value) {
    try {
      Files.writeString(file, value);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket sock = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return sock.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
