package io.mdrotator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives scripts/systemd-check.sh against the shipped unit and against weakened copies. */
class SystemdUnitCheckTest {
  private static final Path SCRIPT = Path.of("scripts/systemd-check.sh");
  private static final Path UNIT = Path.of("systemd/md-rotator.service");

  @BeforeAll
  static void requireSystemdAnalyze() {
    boolean present =
        Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
            || Files.isExecutable(Path.of("/bin/systemd-analyze"));
    assumeTrue(present, "systemd-analyze (Debian package systemd) is not installed");
  }

  @Test
  void shippedUnitPassesVerifyAndExposureGate() throws Exception {
    Run run = check(UNIT);

    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output)
        .contains("systemd-analyze verify: clean")
        .containsPattern("exposure [01]\\.[0-9] <= 1\\.5")
        .doesNotContain("FAIL");
  }

  @Test
  void unitWithoutSandboxingFailsTheExposureGate(@TempDir Path dir) throws Exception {
    List<String> weakened =
        unitLines().stream()
            .filter(l -> !l.matches("^(Protect|Private|Restrict|SystemCall).*"))
            .collect(Collectors.toList());
    Path copy = write(dir, weakened);

    Run run = check(copy);

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output).containsPattern("FAIL: systemd-analyze security: exposure [0-9.]+ > 1\\.5");
  }

  @Test
  void jitBreakingOrEnvironmentSecretsAreRejected(@TempDir Path dir) throws Exception {
    List<String> lines = unitLines();
    int service = lines.indexOf("[Service]");
    lines.add(service + 1, "MemoryDenyWriteExecute=yes");
    lines.add(service + 1, "Environment=MOTHERDUCK_TOKEN=abc");
    lines.replaceAll(l -> l.startsWith("TimeoutStopSec=") ? "TimeoutStopSec=20s" : l);

    Run run = check(write(dir, lines));

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output)
        .contains("FAIL: MemoryDenyWriteExecute")
        .contains("FAIL: secrets must not be passed through the environment")
        .contains("FAIL: TimeoutStopSec= must exceed");
  }

  @Test
  void unpairedHeapDumpPathCoreDumpsOrMissingLogsDirectoryAreRejected(@TempDir Path dir) throws Exception {
    List<String> lines = unitLines();
    assertThat(lines.removeIf(l -> l.startsWith("LogsDirectory="))).isTrue();
    assertThat(lines.removeIf(l -> l.startsWith("LimitCORE="))).isTrue();
    lines.replaceAll(l -> l.startsWith("ExecStart=") ? l.replace(" -jar ", " -XX:HeapDumpPath=/var/lib/md-rotator -jar ") : l);

    Run run = check(write(dir, lines));

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output)
        .contains("FAIL: -XX:HeapDumpPath= without -XX:+HeapDumpOnOutOfMemoryError")
        .contains("FAIL: LogsDirectory= must be md-rotator")
        .contains("FAIL: LimitCORE= must be 0");
  }

  @Test
  void classDataArchiveWiringIsChecked(@TempDir Path dir) throws Exception {
    List<String> outside = unitLines();
    outside.replaceAll(l -> l.replace("-XX:SharedArchiveFile=/var/lib/md-rotator/md-rotator.jsa",
        "-XX:SharedArchiveFile=/opt/md-rotator/md-rotator.jsa"));
    Run moved = check(write(dir, outside));
    assertThat(moved.exitCode).as(moved.output).isEqualTo(1);
    assertThat(moved.output).contains("FAIL: ExecStart must map a class-data archive in the state directory");

    List<String> drifted = unitLines();
    drifted.replaceAll(l -> l.startsWith("ExecStartPre=") ? l.replace("-Xmx256m", "-Xmx512m") : l);
    drifted.replaceAll(l -> l.startsWith("TimeoutStartSec=") ? "TimeoutStartSec=90s" : l);
    Run flags = check(write(dir, drifted));
    assertThat(flags.exitCode).as(flags.output).isEqualTo(1);
    assertThat(flags.output).contains("FAIL: ExecStartPre's JVM flags must equal ExecStart's")
        .contains("FAIL: TimeoutStartSec= must exceed 180 s");

    List<String> noPre = unitLines();
    assertThat(noPre.removeIf(l -> l.startsWith("ExecStartPre="))).isTrue();
    Run missing = check(write(dir, noPre));
    assertThat(missing.exitCode).as(missing.output).isEqualTo(1);
    assertThat(missing.output).contains("FAIL: ExecStartPre= must be");
  }

  @Test
  void unknownDirectiveFailsVerify(@TempDir Path dir) throws Exception {
    List<String> lines = unitLines();
    lines.add(lines.indexOf("[Service]") + 1, "NoSuchDirective=yes");

    Run run = check(write(dir, lines));

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output).contains("FAIL: systemd-analyze verify").contains("NoSuchDirective");
  }

  private static List<String> unitLines() throws IOException {
    return new java.util.ArrayList<>(Files.readAllLines(UNIT, StandardCharsets.UTF_8));
  }

  private static Path write(Path dir, List<String> lines) throws IOException {
    return Files.write(dir.resolve("md-rotator.service"), lines, StandardCharsets.UTF_8);
  }

  private static Run check(Path unit) throws Exception {
    Process p =
        new ProcessBuilder("bash", SCRIPT.toString(), unit.toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("systemd-check.sh finished").isTrue();
    return new Run(p.exitValue(), out);
  }

  private record Run(int exitCode, String output) {}
}
