package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Composition;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.demo.DemoTally;
import io.mdrotator.observability.LoggingSetup;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.SlotReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code md-rotator demo}: the daemon against both emulators on loopback, with short TTLs, printing
 * every mint, store and revoke, then one summary line. Exit 1 when a failure or orphan was seen. The
 * audit stream goes to a file whose path is printed at start, not to the terminal.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the daemon on the embedded MotherDuck and Vault emulators with 60 s tokens.",
      "Prints each mint, store and revoke, and at the end (or on Ctrl-C) 'demo summary: rotations=N revocations=M failures=F orphans=O'.",
      "The audit stream (JSON lines) goes to a file, not the terminal; its path is printed at start."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--duration", defaultValue = "150s", paramLabel = "D",
      description = "How long to run, e.g. 150s, 5m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--metrics-port", defaultValue = "0", paramLabel = "P",
      description = "Port for /metrics, /healthz, /readyz (default: a free port).")
  int metricsPort;

  @Option(names = "--audit-file", paramLabel = "FILE",
      description = "Where the audit stream (JSON lines) goes (default: a new md-rotator-demo-audit-*.jsonl in the"
          + " temporary directory); its path is printed at start.")
  Path auditFile;

  @Override
  public Integer call() throws Exception {
    Duration runFor = io.mdrotator.policy.Durations.parse(duration);
    PrintStream out = System.out;
    Path audit = auditFile != null ? auditFile : Files.createTempFile("md-rotator-demo-audit-", ".jsonl");
    Clock clock = Clock.systemUTC();
    DemoTally tally = new DemoTally(out, clock);
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      interrupted.countDown();
      awaitQuietly(finished);
    }, "md-rotator-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (DemoEnvironment env = DemoEnvironment.start(metricsPort, Optional.of(audit))) {
      DaemonConfig cfg = CommandSetup.config(env.configFile());
      // The terminal is for the tally's lines and the operator log; the audit stream goes to its file only.
      CommandAudit.configureLogging(cfg.logging(), false);
      out.println("MotherDuck emulator: " + env.motherDuck().baseUri());
      out.println("Vault emulator:      " + env.vault().address());
      out.println("audit log:           " + audit.toAbsolutePath() + " (JSON lines)");
      try (Daemon daemon = Daemon.start(new Composition(cfg, System.getenv(), clock), tally, SignalHook.NONE)) {
        out.printf("metrics: http://127.0.0.1:%d/metrics (also /healthz, /readyz); running for %s%n",
            daemon.metricsPort(), runFor);
        interrupted.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
        int orphans = tally.orphansRevoked() + remainingOrphans(daemon, clock);
        out.printf("demo summary: rotations=%d revocations=%d failures=%d orphans=%d%n",
            tally.rotations(), tally.revocations(), tally.failures(), orphans);
        return tally.failures() == 0 && orphans == 0 ? 0 : 1;
      }
    } catch (CommandSetup.InvalidInput e) {
      return e.print(new java.io.PrintWriter(System.err));
    } catch (LoggingSetup.AuditFileException e) {
      System.err.println("demo: " + e.getMessage());
      return CommandSetup.INVALID_INPUT;
    } finally {
      finished.countDown();
      if (interrupted.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
  }

  /** Orphans the engine would find now: minted tokens neither served nor pending revocation. */
  private static int remainingOrphans(Daemon daemon, Clock clock) {
    Policy policy = daemon.policy();
    int n = 0;
    for (SlotPolicy slot : policy.slots()) {
      SlotReport report = daemon.engine().inspect(
          slot, policy.account(slot.id().username()).orElseThrow(), clock.instant());
      n += report.orphanTokenIds().size();
    }
    return n;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(Daemon.STOP_BOUND.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
