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
 * JAVA_TOOL_OPTIONS the same ones except the heap cap (a container's memory limit sizes its heap).
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
}
