package io.mdrotator.canary;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which files under {@code target/} are output of the suite, for the secrets canary: everything
 * under the directories where tests and tools write logs, reports and figures, and anywhere else
 * every file that looks like output (logs, stdout/stderr captures, metric scrapes, JSON lines,
 * audit logs). Compiled classes, jars and the canary's own files are not output.
 */
final class CanaryScope {
  /** Directories under {@code target/} whose every file is output. */
  static final List<String> OUTPUT_DIRS = List.of("surefire-reports", "reliability", "cli-run", "soak", "bench");
  /** File name endings that are output wherever they are. */
  static final List<String> OUTPUT_ENDINGS = List.of(".log", ".out", ".err", ".prom", ".scrape", ".jsonl",
      "-output.txt", ".dumpstream");
  /** Never scanned: the secrets file and the canary's own report, build products. */
  static final List<String> EXCLUDED_DIRS = List.of("canary", "failsafe-reports", "classes", "test-classes",
      "generated-sources", "generated-test-sources", "maven-status", "maven-archiver");

  private CanaryScope() {}

  static Predicate<Path> capturedOutput(Path target) {
    return p -> {
      Path rel = target.relativize(p);
      String top = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
      if (EXCLUDED_DIRS.contains(top)) {
        return false;
      }
      if (OUTPUT_DIRS.contains(top)) {
        return true;
      }
      String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
      return name.contains("audit") || OUTPUT_ENDINGS.stream().anyMatch(name::endsWith);
    };
  }
}
