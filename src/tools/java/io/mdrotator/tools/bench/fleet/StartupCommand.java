package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchOptions;
import io.mdrotator.tools.bench.MachineInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code md-rotator-tools bench startup}: CLI start-up of validate and plan with the deployed flags. */
@Command(
    name = "startup",
    mixinStandardHelpOptions = true,
    description = {
      "Start-up of the command line: --help, validate and plan of a small policy (tokens issued, emulators",
      "in this JVM), K launches each with the deployed JVM flags and the class-data archive, and without it.",
      "Exit 1 when a target is missed."
    })
public final class StartupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin BenchOptions bench;

  @Option(names = "--runs", paramLabel = "K", defaultValue = "5",
      description = "Launches of each command; the figure is their median (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--slots", paramLabel = "N", defaultValue = "4",
      description = "Slots of the policy validated and planned (default ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--jvm", paramLabel = "FLAGS", defaultValue = DaemonBenchCommand.PRODUCTION_FLAGS,
      description = "JVM flags of the launches, space-separated (default: the systemd unit's, ${DEFAULT-VALUE}).")
  String jvm;

  @Option(names = "--daemon-jar", paramLabel = "JAR",
      description = "Product jar (default: the one beside the tools jar, target/md-rotator.jar).")
  Path daemonJar;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path jar;
    try {
      bench.validate();
      if (runs < 1 || runs > 25 || slots < 1 || slots > 1000) {
        throw new IllegalArgumentException("--runs must be 1..25, --slots 1..1000");
      }
      jar = daemonJar != null ? daemonJar : DaemonBenchCommand.productJar();
    } catch (IllegalArgumentException e) {
      err.println("bench startup: " + e.getMessage());
      err.flush();
      return 2;
    }
    MachineInfo.collect().lines().forEach(out::println);
    out.flush();
    List<String> flags = jvm.isBlank() ? List.of() : Arrays.asList(jvm.trim().split(" +"));
    Path dir = Files.createTempDirectory("md-rotator-bench-startup");
    try {
      StartupBench.Result r = new StartupBench(new StartupBench.Settings(runs, slots, bench.mdLatency(),
          bench.vaultLatency(), flags, jar.toAbsolutePath(), dir, out)).run();
      out.println("load average at end (1/5/15 min): " + MachineInfo.currentLoadAverage().orElse("?"));
      StartupReport.table(r).print(out);
      return StartupReport.targetsMet(r) ? 0 : 1;
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
