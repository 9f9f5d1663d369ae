package io.mdrotator.tools.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code md-rotator soak}: the daemon against both emulators with relaxed TTLs and random faults,
 * audited at the end (docs/reliability.md, section Soak). Exit 0 when every promise held, 1 on any
 * probe violation, slot without a live token outside fault windows for longer than
 * {@code --max-no-live-token}, slot above its token bound, orphan, leak or leaked secret, 2 on
 * invalid options.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Run the daemon in this JVM against the MotherDuck and Vault emulators with short TTLs and a",
      "seeded random fault schedule, probe every slot every 100 ms like a consumer, sample heap, RSS",
      "and threads, then audit rotations, revocations, failures, each slot's longest time without a",
      "live token outside fault windows, tokens per slot, orphans, leaks and leaked secrets into",
      "OUT/report.txt and OUT/report.json."
    })
public final class SoakCommand implements Callable<Integer> {
  @Option(names = "--minutes", defaultValue = "3", paramLabel = "M", description = "Minutes with faults on (default ${DEFAULT-VALUE}); fractions allowed.")
  double minutes;

  @Option(names = "--slots", defaultValue = "20", paramLabel = "N", description = "Token slots, two per account (default ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--fault-rate", defaultValue = "0.2", paramLabel = "R", description = "Share of calls failed inside a fault window, 0 = no faults (default ${DEFAULT-VALUE}).")
  double faultRate;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the fault schedule (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--ttl", defaultValue = "20", paramLabel = "SECONDS", description = "Token TTL in seconds (default ${DEFAULT-VALUE}).")
  long ttlSeconds;

  @Option(names = "--grace", defaultValue = "5", paramLabel = "SECONDS", description = "Grace period in seconds (default ${DEFAULT-VALUE}).")
  long graceSeconds;

  @Option(names = "--max-tokens-per-slot", defaultValue = "" + SoakOptions.DEFAULT_MAX_TOKENS, paramLabel = "K",
      description = "Bound on live managed tokens per slot (default ${DEFAULT-VALUE}: served, minting, in grace, failed mint awaiting revocation).")
  int maxTokens;

  @Option(names = "--sample-every", defaultValue = "10", paramLabel = "SECONDS", description = "Heap/RSS/thread sample interval (default ${DEFAULT-VALUE}).")
  long sampleEvery;

  @Option(names = "--max-heap", defaultValue = "256", paramLabel = "MIB", description = "Most heap in use after GC any sample may show (default ${DEFAULT-VALUE}).")
  long maxHeapMib;

  @Option(names = "--max-no-live-token", defaultValue = "30", paramLabel = "SECONDS",
      description = "Fail when a slot serves no live token for longer than this outside fault windows (default ${DEFAULT-VALUE}).")
  long maxNoLiveTokenSeconds;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default target/soak/<UTC timestamp>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    SoakOptions options;
    try {
      Path dir = out != null ? out : Path.of("target", "soak",
          DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(java.time.Instant.now()));
      options = new SoakOptions(Duration.ofMillis(Math.round(minutes * 60_000)), slots, faultRate, seed,
          Duration.ofSeconds(ttlSeconds), Duration.ofSeconds(graceSeconds), maxTokens, Duration.ofSeconds(sampleEvery),
          maxHeapMib, Duration.ofSeconds(maxNoLiveTokenSeconds), dir);
    } catch (IllegalArgumentException e) {
      System.err.println("soak: " + e.getMessage());
      return 2;
    }
    SoakReport report = new SoakRun(options, System.out).run();
    System.out.print(report.text());
    System.out.println("soak: report in " + options.out().resolve("report.txt") + " and report.json");
    return report.exitCode();
  }
}
