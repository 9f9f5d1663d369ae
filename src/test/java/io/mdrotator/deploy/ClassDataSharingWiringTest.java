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
 * flags it was made with) in a directory the sandbox lets the JVM write, and the image bakes it in at
 * build time with its own java, flags and jar, so every container start maps a current archive.
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
  void imageBakesInTheArchiveItMapsWithItsOwnFlagsAndJarBeforeDroppingRoot() throws IOException {
    List<String> dockerfile = Files.readAllLines(Path.of("Dockerfile"));
    List<String> envs = dockerfile.stream().filter(l -> l.startsWith("ENV JAVA_TOOL_OPTIONS=")).toList();
    assertThat(envs).as("one JAVA_TOOL_OPTIONS, the same for the build's cds and every later JVM").hasSize(1);
    String env = envs.get(0);
    List<String> opts = words(env.substring(env.indexOf('"') + 1, env.lastIndexOf('"')));
    String jar = "/opt/md-rotator/md-rotator.jar";
    String cds = "RUN [\"java\", \"-jar\", \"" + jar + "\", \"cds\"]";

    int envAt = dockerfile.indexOf(env);
    int copyAt = indexOf(dockerfile, l -> l.startsWith("COPY ") && l.endsWith(" " + jar));
    int cdsAt = dockerfile.indexOf(cds);
    int userAt = indexOf(dockerfile, l -> l.startsWith("USER "));
    assertThat(cdsAt).as("%s in the Dockerfile", cds).isNotNegative();
    assertThat(List.of(envAt, copyAt, cdsAt, userAt)).as("ENV JAVA_TOOL_OPTIONS, COPY jar, RUN cds (as root), first USER in this order")
        .isSorted().doesNotHaveDuplicates();
    assertThat(dockerfile.subList(cdsAt + 1, dockerfile.size()))
        .as("nothing after the archive is made changes the jar, the java or the flags it was made for")
        .noneMatch(l -> l.startsWith("COPY ") || l.startsWith("ADD ") || l.startsWith("RUN ")
            || l.startsWith("ENV JAVA_TOOL_OPTIONS") || l.startsWith("FROM "));
    assertThat(Path.of(archiveOf(opts)).getParent()).as("the archive lies beside the root-owned jar")
        .isEqualTo(Path.of(jar).getParent());
    assertThat(dockerfile).noneMatch(l -> l.startsWith("VOLUME"));
  }

  private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
    for (int i = 0; i < lines.size(); i++) {
      if (p.test(lines.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no matching line in the Dockerfile");
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
