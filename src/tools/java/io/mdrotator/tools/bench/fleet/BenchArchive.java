package io.mdrotator.tools.bench.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class-data archive the measured JVMs map, made the way the systemd unit's ExecStartPre makes
 * it: {@code java <flags> -XX:SharedArchiveFile=<dir>/md-rotator.jsa -jar <jar> cds}.
 */
final class BenchArchive {
  /** The flags with the archive, the archive and how long {@code md-rotator cds} took. */
  record Created(List<String> flags, Path archive, Duration took) {}

  private BenchArchive() {}

  static Created create(Path jar, List<String> flags, Path dir) throws InterruptedException {
    Path archive = dir.resolve("md-rotator.jsa").toAbsolutePath();
    List<String> withArchive = new ArrayList<>(flags);
    withArchive.add("-XX:SharedArchiveFile=" + archive);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(withArchive);
    cmd.addAll(List.of("-jar", jar.toString(), "cds"));
    long t0 = System.nanoTime();
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(archive)) {
        throw new IllegalStateException("md-rotator cds failed: " + String.join(" ", cmd) + "\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    }
    return new Created(List.copyOf(withArchive), archive, Duration.ofNanos(System.nanoTime() - t0));
  }
}
