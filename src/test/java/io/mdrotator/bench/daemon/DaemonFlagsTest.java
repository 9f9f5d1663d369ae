package io.mdrotator.bench.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench daemon} measures the daemon with the JVM flags it is deployed with: the systemd
 * unit's ExecStart carries exactly {@link DaemonBenchCommand#PRODUCTION_FLAGS}, and the image's
 * JAVA_TOOL_OPTIONS the same ones except the heap cap (a container's memory limit sizes its heap);
 * {@code scripts/bench.sh} runs figure 1 with their JIT and GC flags.
 */
class DaemonFlagsTest {
  private static final List<String> FLAGS = Arrays.asList(DaemonBenchCommand.PRODUCTION_FLAGS.split(" "));

  @Test
  void systemdUnitRunsTheBenchmarkedFlags() throws IOException {
    String execStart = Files.readAllLines(Path.of("systemd/md-rotator.service")).stream()
        .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    List<String> jvmFlags = Arrays.stream(execStart.split(" ")).filter(a -> a.startsWith("-X")).toList();
    assertThat(jvmFlags).containsAll(FLAGS);
    assertThat(jvmFlags.stream().filter(f -> f.startsWith("-Xmx") || f.startsWith("-XX:MaxRAMPercentage")))
        .containsExactly("-Xmx256m");
  }

  @Test
  void imageRunsTheSameFlagsWithAHeapFromTheMemoryLimit() throws IOException {
    String env = Files.readAllLines(Path.of("Dockerfile")).stream()
        .filter(l -> l.startsWith("ENV JAVA_TOOL_OPTIONS=")).findFirst().orElseThrow();
    List<String> opts = Arrays.asList(env.substring(env.indexOf('"') + 1, env.lastIndexOf('"')).split(" "));
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
}
