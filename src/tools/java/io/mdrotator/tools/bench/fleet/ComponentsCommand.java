package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchFormat;
import io.mdrotator.tools.bench.BenchTable;
import io.mdrotator.tools.bench.MachineInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code md-rotator bench components}: the pieces of start-up and reload, in-process. */
@Command(
    name = "components",
    mixinStandardHelpOptions = true,
    description = "Times the pieces of daemon start-up and reload in this JVM (no network), to find hot spots.")
public final class ComponentsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--slots", paramLabel = "N", defaultValue = "10000", description = "Slots (default ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--per-account", paramLabel = "K", defaultValue = "4",
      description = "Slots per service account (default ${DEFAULT-VALUE}).")
  int perAccount;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "5", description = "Rounds per step (default ${DEFAULT-VALUE}).")
  int rounds;

  /** Standalone entry (runs against any md-rotator jar on the class path, e.g. an older build). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ComponentsCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (slots < 1 || slots > 200_000 || perAccount < 1 || rounds < 1) {
      spec.commandLine().getErr().println("bench components: --slots 1..200000, --per-account and --rounds >= 1");
      spec.commandLine().getErr().flush();
      return 2;
    }
    MachineInfo.collect().lines().forEach(out::println);
    out.flush();
    BenchTable t = new BenchTable("Start-up and reload pieces with " + BenchFormat.count(slots) + " slots ("
        + rounds + " rounds)", List.of("step", "fastest", "slowest"));
    for (ComponentBench.Step s : new ComponentBench(slots, perAccount, rounds).run()) {
      t.row(List.of(s.name(), BenchFormat.count(s.fastest().toMillis()) + " ms", BenchFormat.count(s.slowest().toMillis()) + " ms"));
    }
    t.note("slowest is usually the first round (class loading, interpreter); the daemon pays it once at start-up.");
    t.note("load average at end (1/5/15 min): " + MachineInfo.currentLoadAverage().orElse("?"));
    t.print(out);
    return 0;
  }
}
