package io.mdrotator.tools.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.mdrotator.deploy.SystemdSandbox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code bench daemon} measures the daemon with the JVM flags it is deployed with: the systemd
 * unit's ExecStart carries exactly {@link DaemonBenchCommand#PRODUCTION_FLAGS}, and the image's
 * JAVA_TOOL_OPTIONS the same ones except the heap cap (a container's memory limit sizes its heap);
 * {@code scripts/bench.sh} runs figure 1 with their JIT and GC flags. Heap dumps are one choice for
 * both: {@code -XX:HeapDumpPath} only with {@code -XX:+HeapDumpOnOutOfMemoryError}, into a directory
 * the unit's sandbox lets the JVM write.
 */
class DaemonFlagsTest {
  private static final List<String> FLAGS = Arrays.asList(DaemonBenchCommand.PRODUCTION_FLAGS.split(" "));

  private static final Path UNIT = Path.of("systemd/md-rotator.service");
  private static final String DUMP_ON_OOM = "-XX:+HeapDumpOnOutOfMemoryError";

  @Test
  void systemdUnitRunsTheBenchmarkedFlags() throws IOException {
    List<String> jvmFlags = unitFlags();
    assertThat(jvmFlags).containsAll(FLAGS);
    assertThat(jvmFlags.stream().filter(f -> f.startsWith("-Xmx") || f.startsWith("-XX:MaxRAMPercentage")))
        .containsExactly("-Xmx256m");
  }

  @Test
  void imageRunsTheSameFlagsWithAHeapFromTheMemoryLimit() throws IOException {
    List<String> opts = imageFlags();
    assertThat(opts).containsAll(FLAGS.stream().filter(f -> !f.startsWith("-Xmx")).toList())
        .contains("-XX:MaxRAMPercentage=75").noneMatch(f -> f.startsWith("-Xmx"));
  }

  /** Figure 1 (catch-up, in the bench JVM) runs with the deployed JIT and GC flags, not a heap cap. */
  @Test
  void benchScriptMeasuresCatchUpWithTheDeployedJitAndGcFlags() throws IOException {
    String line = Files.readAllLines(Path.of("scripts/bench.sh")).stream()
        .filter(l -> l.startsWith("catchup_jvm=")).findFirst().orElseThrow();
    List<String> flags = Arrays.asList(line.substring(line.indexOf('"') + 1, line.lastIndexOf('"')).split(" "));
    assertThat(flags).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC").noneMatch(f -> f.startsWith("-Xmx"));
    assertThat(FLAGS).containsAll(flags);
  }

  @Test
  void heapDumpFlagsArePairedTheSameInUnitAndImageAndWritable() throws IOException {
    SystemdSandbox sandbox = SystemdSandbox.of(UNIT);
    List<String> unit = unitFlags();
    List<String> image = imageFlags();

    assertThat(heapDumpProblems(unit, Optional.of(sandbox))).as("unit %s", unit).isEmpty();
    assertThat(heapDumpProblems(image, Optional.empty())).as("image %s", image).isEmpty();
    assertThat(unit.contains(DUMP_ON_OOM)).as("heap dumps on in the unit exactly when on in the image")
        .isEqualTo(image.contains(DUMP_ON_OOM));
  }

  @Test
  void heapDumpCheckCatchesAnUnpairedOrUnwritablePath() throws IOException {
    Optional<SystemdSandbox> sandbox = Optional.of(SystemdSandbox.of(UNIT));

    assertThat(heapDumpProblems(List.of("-XX:HeapDumpPath=/var/lib/md-rotator"), sandbox))
        .containsExactly("-XX:HeapDumpPath=/var/lib/md-rotator without " + DUMP_ON_OOM);
    assertThat(heapDumpProblems(List.of(DUMP_ON_OOM, "-XX:HeapDumpPath=/opt/md-rotator"), sandbox))
        .containsExactly("heap dump directory /opt/md-rotator is not writable under the unit's sandbox");
    assertThat(heapDumpProblems(List.of(DUMP_ON_OOM, "-XX:HeapDumpPath=/var/lib/md-rotator"), sandbox)).isEmpty();
    assertThat(heapDumpProblems(List.of(DUMP_ON_OOM), sandbox)).as("dumps into the working directory").isEmpty();
  }

  /**
   * What is wrong with the heap dump flags in {@code flags}: a dump path without the flag that makes
   * the JVM dump (a dead setting that suggests dumps happen), and, given the unit's sandbox, a dump
   * directory (the path, else the working directory) the JVM could not write.
   */
  private static List<String> heapDumpProblems(List<String> flags, Optional<SystemdSandbox> sandbox) {
    List<String> problems = new ArrayList<>();
    Optional<String> path = flags.stream().filter(f -> f.startsWith("-XX:HeapDumpPath="))
        .map(f -> f.substring("-XX:HeapDumpPath=".length())).reduce((a, b) -> b);
    boolean on = flags.contains(DUMP_ON_OOM);
    if (path.isPresent() && !on) {
      problems.add("-XX:HeapDumpPath=" + path.get() + " without " + DUMP_ON_OOM);
    }
    sandbox.filter(s -> on).ifPresent(s -> {
      // HeapDumpPath names a directory (java_pid<pid>.hprof inside) or a file; either way a file
      // in that directory must be creatable.
      Path dir = Path.of(path.orElse(s.value("WorkingDirectory")));
      if (!s.canWrite(dir.resolve("java_pid1.hprof"))) {
        problems.add("heap dump directory " + dir + " is not writable under the unit's sandbox");
      }
    });
    return problems;
  }

  private static List<String> unitFlags() throws IOException {
    String execStart = Files.readAllLines(UNIT).stream()
        .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    return Arrays.stream(execStart.split(" ")).filter(a -> a.startsWith("-X")).toList();
  }

  private static List<String> imageFlags() throws IOException {
    String env = Files.readAllLines(Path.of("Dockerfile")).stream()
        .filter(l -> l.startsWith("ENV JAVA_TOOL_OPTIONS=")).findFirst().orElseThrow();
    return Arrays.asList(env.substring(env.indexOf('"') + 1, env.lastIndexOf('"')).split(" "));
  }
}
