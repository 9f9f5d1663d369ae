package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchEmulators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CLI start-up: {@code --help}, {@code validate} and {@code plan} of a small policy (its tokens
 * issued beforehand, the emulators in this JVM), each launched K times as an operator would
 * ({@code java <flags> -jar md-rotator.jar ...}), with the class-data archive and without it,
 * alternately so both see the same load. A launch is timed from process start to exit.
 */
public final class StartupBench {
  /** What the run is asked to do. */
  public record Settings(int runs, int slots, Duration mdLatency, Duration vaultLatency, List<String> jvmFlags,
      Path daemonJar, Path workDir, PrintWriter progress) {}

  /** One command's launches, with and without the archive. */
  public record Figure(String command, List<Duration> withArchive, List<Duration> withoutArchive) {
    public Duration median() {
      return StartupBench.median(withArchive);
    }

    public Duration medianWithoutArchive() {
      return StartupBench.median(withoutArchive);
    }
  }

  /** {@code flags}: the JVM flags of the launches with the archive. */
  public record Result(int slots, List<String> flags, Duration archiveCreation, long archiveBytes,
      Map<String, Figure> figures) {}

  private final Settings s;

  public StartupBench(Settings settings) {
    this.s = settings;
  }

  public Result run() throws InterruptedException {
    BenchPolicyFile policy = BenchPolicyFile.of(s.slots(), Math.min(4, s.slots()));
    try (BenchEmulators emu = BenchEmulators.start(policy.usernames())) {
      FleetSeeder.seed(emu, policy, l -> progress(l));
      emu.applyLatency(s.mdLatency(), s.vaultLatency());
      Path config = writeFiles(emu, policy);
      progress("creating the class-data archive (md-rotator cds)");
      BenchArchive.Created archive = BenchArchive.create(s.daemonJar(), s.jvmFlags(), s.workDir());
      progress("archive created in " + archive.took().toMillis() + " ms");
      Map<String, List<String>> commands = new LinkedHashMap<>();
      commands.put("--help", List.of("--help"));
      commands.put("validate", List.of("validate", "--config", config.toString()));
      commands.put("plan", List.of("plan", "--config", config.toString()));
      Map<String, Figure> figures = new LinkedHashMap<>();
      commands.keySet().forEach(c -> figures.put(c, new Figure(c, new ArrayList<>(), new ArrayList<>())));
      for (int i = 0; i < s.runs(); i++) {
        for (Map.Entry<String, List<String>> c : commands.entrySet()) {
          figures.get(c.getKey()).withArchive().add(launch(archive.flags(), c.getValue()));
          figures.get(c.getKey()).withoutArchive().add(launch(s.jvmFlags(), c.getValue()));
        }
        progress("round " + (i + 1) + " of " + s.runs() + " done");
      }
      long bytes = size(archive.archive());
      return new Result(s.slots(), archive.flags(), archive.took(), bytes, figures);
    }
  }

  /** Wall time of one launch; it must exit 0. */
  private Duration launch(List<String> flags, List<String> args) throws InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.addAll(List.of("-jar", s.daemonJar().toString()));
    cmd.addAll(args);
    Path log = s.workDir().resolve("launch.log");
    try {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).directory(s.workDir().toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("no exit within 2 minutes: " + String.join(" ", cmd));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n"
            + Files.readString(log));
      }
      return took;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    }
  }

  private Path writeFiles(BenchEmulators emu, BenchPolicyFile policy) {
    Path dir = s.workDir();
    try {
      Files.writeString(dir.resolve("policy.yaml"), policy.yaml());
      secret(dir.resolve("admin-token"), emu.adminToken().reveal());
      secret(dir.resolve("vault-token"), emu.vault().rootToken().reveal());
      Path config = dir.resolve("md-rotator.yaml");
      Files.writeString(config, """
          policyFile: policy.yaml
          motherduck:
            apiUrl: %s
            adminToken: {file: admin-token}
          vault:
            address: %s
            auth:
              method: token
              token: {file: vault-token}
          logging:
            format: console
          """.formatted(emu.motherDuck().baseUri(), emu.vault().address()));
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bench config in " + dir, e);
    }
  }

  private static void secret(Path file, String value) throws IOException {
    Files.writeString(file, value);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  static Duration median(List<Duration> ds) {
    List<Duration> sorted = ds.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
  }

  private void progress(String line) {
    s.progress().println("  " + line);
    s.progress().flush();
  }
}
