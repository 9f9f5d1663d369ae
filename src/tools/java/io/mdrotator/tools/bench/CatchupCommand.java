package io.mdrotator.tools.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code md-rotator bench catchup}: figure 1, fleet catch-up against the physical bound. */
@Command(
    name = "catchup",
    mixinStandardHelpOptions = true,
    description = {
      "Fleet catch-up: N slots all due, one reconcile pass with concurrency C, against the",
      "physical lower bound N x (round trips x latency) / C, and a naive sequential loop."
    })
public final class CatchupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin BenchOptions bench;

  @Option(names = "-n", split = ",", paramLabel = "N", defaultValue = "100,1000",
      description = "Fleet sizes, comma-separated (default ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "-c", paramLabel = "C", defaultValue = "32",
      description = "Reconcile concurrency (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
      description = "Also run each N with a client rate limit of R MotherDuck requests/s (0 = not).")
  double rate;

  @Option(names = "--naive-max", paramLabel = "M", defaultValue = "200",
      description = "The naive loop rotates at most M slots and is extrapolated to N (0 = skip; default ${DEFAULT-VALUE}).")
  int naiveMax;

  @Option(names = "--slots-per-account", paramLabel = "K", defaultValue = "4",
      description = "Slots per service account (default ${DEFAULT-VALUE}).")
  int slotsPerAccount;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      bench.validate();
      validate();
    } catch (IllegalArgumentException e) {
      err.println("bench catchup: " + e.getMessage());
      err.flush();
      return 2;
    }
    MachineInfo.collect().lines().forEach(out::println);
    out.printf(Locale.ROOT, "latency: MotherDuck %d ms, Vault %d ms per request; %d slots per account%n",
        bench.mdLatencyMs, bench.vaultLatencyMs, slotsPerAccount);
    out.flush();
    CatchupBench runner = new CatchupBench(bench.mdLatency(), bench.vaultLatency());
    BenchTable table = CatchupReport.table();
    boolean failed = false;
    for (int n : sizes) {
      CatchupBench.Result r = runner.run(n, slotsPerAccount, concurrency, 0, naiveMax);
      table.row(CatchupReport.row(r, bench));
      failed |= r.run().failed() > 0 || r.run().rotated() != n || r.run().servedLive() != n
          || !CatchupReport.meetsTarget(r.run(), bench);
      if (rate > 0) {
        CatchupBench.Result limited = runner.run(n, slotsPerAccount, concurrency, rate, 0);
        table.row(CatchupReport.row(limited, bench));
        failed |= limited.run().failed() > 0 || limited.run().rotated() != n || limited.run().servedLive() != n
            || !CatchupReport.meetsTarget(limited.run(), bench);
      }
      out.println("done N=" + n + " (load average now " + MachineInfo.currentLoadAverage().orElse("?") + ")");
      out.flush();
    }
    CatchupReport.notes(table, naiveMax);
    table.print(out);
    return failed ? 1 : 0;
  }

  private void validate() {
    if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1 || n > 100_000)) {
      throw new IllegalArgumentException("-n sizes must be between 1 and 100000");
    }
    if (concurrency < 1 || concurrency > io.mdrotator.rotation.Reconciler.MAX_CONCURRENCY) {
      throw new IllegalArgumentException("-c must be between 1 and " + io.mdrotator.rotation.Reconciler.MAX_CONCURRENCY);
    }
    if (rate < 0 || naiveMax < 0 || slotsPerAccount < 1) {
      throw new IllegalArgumentException("--rate and --naive-max must be >= 0, --slots-per-account >= 1");
    }
  }
}
