package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds and runs Prometheus command-line tools; skips tests without them unless CI=true. */
final class Promtool {
  private Promtool() {}

  record Result(int exitCode, String output) {}

  /** Absolute path of {@code tool} on PATH; aborts (skips) the test when absent, fails on CI. */
  static Path require(String tool) {
    Optional<Path> found = find(tool);
    if (found.isEmpty()) {
      String msg = tool + " not found on PATH; install the Debian package 'prometheus' "
          + "(apt-get install -y --no-install-recommends prometheus)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + " (CI=true: this test must run)");
      }
      Assumptions.abort(msg);
    }
    return found.get();
  }

  static Optional<Path> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs the command with {@code stdin} (may be null), merged output, a 120 s limit. */
  static Result run(String stdin, Path workDir, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
    pb.directory(workDir.toFile());
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " timed out; output:\n" + out);
    }
    return new Result(p.exitValue(), out);
  }
}
