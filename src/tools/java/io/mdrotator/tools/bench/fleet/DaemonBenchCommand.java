package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchOptions;
import io.mdrotator.tools.bench.MachineInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code md-rotator bench daemon}: figures 2-4, steady state, start-up and reload of the real daemon. */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = {
      "Steady state (idle CPU, RSS, live heap), start-up to /readyz and policy reloads of the real",
      "daemon (md-rotator run in a child JVM) with N slots whose tokens are not due."
    })
public final class DaemonBenchCommand implements Callable<Integer> {
  /** The JVM flags of systemd/md-rotator.service's ExecStart (DaemonFlagsTest keeps them equal). */
  public static final String PRODUCTION_FLAGS = "-XX:+ExitOnOutOfMemoryError -Xmx256m -XX:+UseSerialGC"
      + " -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin BenchOptions bench;

  @Option(names = "--slots", paramLabel = "N", defaultValue = "10000", description = "Slots (default ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--per-account", paramLabel = "K", defaultValue = "4",
      description = "Slots per service account (default ${DEFAULT-VALUE}).")
  int perAccount;

  @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "60",
      description = "Length of the idle CPU window (default ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--threads", paramLabel = "T", defaultValue = "4",
      description = "scheduler.threads of the daemon (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--startups", paramLabel = "K", defaultValue = "5",
      description = "Launches timed to ready; figure 3 is their median (default ${DEFAULT-VALUE}).")
  int startups;

  @Option(names = "--jvm", paramLabel = "FLAGS", defaultValue = PRODUCTION_FLAGS,
      description = "JVM flags of the daemon, space-separated (default: the systemd unit's, ${DEFAULT-VALUE}).")
  String jvm;

  @Option(names = "--daemon-jar", paramLabel = "JAR",
      description = "Product jar the daemon runs from (default: the one beside the tools jar, target/md-rotator.jar).")
  Path daemonJar;

  @Option(names = "--no-archive", description = "Run the daemon without the class-data archive the unit creates and maps.")
  boolean noArchive;

  @Option(names = "--logs", paramLabel = "DIR",
      description = "Keep the daemon's config, policy and log in DIR (default: a temporary directory, removed).")
  Path logs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path jar;
    try {
      bench.validate();
      validate();
      jar = daemonJar != null ? daemonJar : productJar();
    } catch (IllegalArgumentException e) {
      err.println("bench daemon: " + e.getMessage());
      err.flush();
      return 2;
    }
    MachineInfo.collect().lines().forEach(out::println);
    List<String> flags = jvm.isBlank() ? List.of() : Arrays.asList(jvm.trim().split(" +"));
    out.printf(Locale.ROOT, "daemon: %s, JVM flags: %s; %d slots, %d per account, %d threads%n", jar,
        flags.isEmpty() ? "(none)" : String.join(" ", flags), slots, perAccount, threads);
    out.printf(Locale.ROOT, "latency: MotherDuck %d ms, Vault %d ms per request%n", bench.mdLatency().toMillis(),
        bench.vaultLatency().toMillis());
    out.flush();
    Path dir = logs != null ? Files.createDirectories(logs) : Files.createTempDirectory("md-rotator-bench-daemon");
    try {
      List<String> measured = withArchive(jar, flags, dir, out);
      DaemonBench.Result r = new DaemonBench(new DaemonBench.Settings(slots, perAccount,
          Duration.ofSeconds(idleSeconds), bench.mdLatency(), bench.vaultLatency(), measured, jar, threads, startups, dir, out)).run();
      out.println("load average at end (1/5/15 min): " + MachineInfo.currentLoadAverage().orElse("?"));
      DaemonReport.table(r).print(out);
      return DaemonReport.targetsMet(r) ? 0 : 1;
    } finally {
      if (logs == null) {
        delete(dir);
      } else {
        out.println("daemon log, config and policy kept in " + dir);
        out.flush();
      }
    }
  }

  /** The flags with the class-data archive, made as the unit's ExecStartPre makes it (unless --no-archive). */
  private List<String> withArchive(Path jar, List<String> flags, Path dir, PrintWriter out) throws InterruptedException {
    if (noArchive) {
      out.println("class-data archive: none (--no-archive)");
      return flags;
    }
    BenchArchive.Created a = BenchArchive.create(jar, flags, dir);
    out.printf(Locale.ROOT, "class-data archive: %s, made by md-rotator cds in %d ms%n", a.archive(), a.took().toMillis());
    out.flush();
    return a.flags();
  }

  private void validate() {
    if (slots < 1 || slots > 200_000 || perAccount < 1 || idleSeconds < 1 || threads < 1 || threads > 64
        || startups < 1 || startups > 25) {
      throw new IllegalArgumentException(
          "--slots must be 1..200000, --per-account and --idle >= 1, --threads 1..64, --startups 1..25");
    }
  }

  /** The jar the product's classes are loaded from (beside the tools jar), else the build output. */
  static Path productJar() {
    try {
      Path p = Path.of(io.mdrotator.cli.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (p.toString().endsWith(".jar")) {
        return p;
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // fall through to the build output
    }
    Path built = Path.of("target", "md-rotator.jar");
    if (!Files.isRegularFile(built)) {
      throw new IllegalArgumentException("not running from a jar and " + built + " is missing; pass --daemon-jar");
    }
    return built;
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
