package io.mdrotator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive is wired the same way wherever md-rotator is deployed: the systemd units
 * create it before the daemon with the daemon's own JVM flags (an archive is current only for the
 * flags it was made with) in a directory the sandbox lets the JVM write, and the image maps it from
 * a directory its runtime user can write, where the daemon's first start creates it.
 */
class ClassDataSharingWiringTest {
  private static final String ARCHIVE = "-XX:SharedArchiveFile=";

  @Test
  void unitsCreateTheArchiveTheDaemonMapsWithTheSameFlags() throws IOException {
    for (String unit : List.of("systemd/md-rotator.service", "systemd/md-rotator@.service")) {
      List<String> lines = Files.readAllLines(Path.of(unit)).stream()
          .map(l -> l.replace("%i", "prod")).toList();
      List<String> start = words(value(lines, "ExecStart"));
      List<String> pre = words(value(lines, "ExecStartPre"));
      assertThat(pre.get(0)).as(unit + ": a failed ExecStartPre must not stop the daemon").startsWith("-");
      assertThat(pre.subList(pre.size() - 3, pre.size())).containsExactly("-jar", "/opt/md-rotator/md-rotator.jar", "cds");
      assertThat(jvmFlags(pre)).as(unit).isEqualTo(jvmFlags(start));

      Path archive = Path.of(archiveOf(start));
      SystemdSandbox sandbox = SystemdSandbox.parse(lines);
      Path state = Path.of("/var/lib").resolve(sandbox.value("StateDirectory"));
      assertThat(archive.getParent()).as(unit).isEqualTo(state);
      for (String suffix : List.of("", ".part", ".stamp", ".stamp.part", ".log")) {
        assertThat(sandbox.canWrite(Path.of(archive + suffix))).as(unit + ": " + archive + suffix).isTrue();
      }
    }
  }

  @Test
  void imageMapsAnArchiveInTheRuntimeUsersWorkingDirectory() throws IOException {
    List<String> dockerfile = Files.readAllLines(Path.of("Dockerfile"));
    String env = dockerfile.stream().filter(l -> l.startsWith("ENV JAVA_TOOL_OPTIONS=")).findFirst().orElseThrow();
    List<String> opts = words(env.substring(env.indexOf('"') + 1, env.lastIndexOf('"')));
    String workdir = dockerfile.stream().filter(l -> l.startsWith("WORKDIR ")).reduce((a, b) -> b).orElseThrow()
        .substring("WORKDIR ".length()).strip();
    assertThat(Path.of(archiveOf(opts)).getParent()).isEqualTo(Path.of(workdir));
    assertThat(dockerfile).noneMatch(l -> l.startsWith("VOLUME"));
  }

  private static String archiveOf(List<String> args) {
    List<String> flags = args.stream().filter(a -> a.startsWith(ARCHIVE)).toList();
    assertThat(flags).as("one %s in %s", ARCHIVE, args).hasSize(1);
    return flags.get(0).substring(ARCHIVE.length());
  }

  private static List<String> jvmFlags(List<String> cmd) {
    return cmd.stream().filter(a -> a.startsWith("-X")).toList();
  }

  private static List<String> words(String s) {
    return Arrays.asList(s.strip().split(" +"));
  }

  private static String value(List<String> lines, String key) {
    return lines.stream().filter(l -> l.startsWith(key + "=")).reduce((a, b) -> b)
        .map(l -> l.substring(key.length() + 1)).orElseThrow(() -> new AssertionError("no " + key + "="));
  }
}
