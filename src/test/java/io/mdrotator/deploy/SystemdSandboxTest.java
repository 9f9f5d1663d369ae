package io.mdrotator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped unit lets the daemon write the audit file the shipped example config names: the path
 * is read from config/md-rotator.example.yaml through the real config loader and checked against
 * the unit's sandbox settings, so changing either one alone fails here.
 */
class SystemdSandboxTest {
  private static final Path UNIT = Path.of("systemd/md-rotator.service");
  private static final Path EXAMPLE_CONFIG = Path.of("config/md-rotator.example.yaml");

  @Test
  void exampleConfigsAuditFileIsWritableUnderTheShippedUnit() throws Exception {
    Path audit = ConfigLoader.load(EXAMPLE_CONFIG).logging().auditFile().orElseThrow(
        () -> new AssertionError(EXAMPLE_CONFIG + " names no logging.auditFile"));
    SystemdSandbox unit = SystemdSandbox.of(UNIT);

    assertThat(unit.canWrite(audit))
        .as("%s is writable under %s (writable roots %s)", audit, UNIT, unit.writableRoots())
        .isTrue();
  }

  @Test
  void withoutLogsDirectoryTheAuditFileIsReadOnly() throws Exception {
    List<String> lines = Files.readAllLines(UNIT, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.startsWith("LogsDirectory")).toList();
    Path audit = Path.of("/var/log/md-rotator/audit.jsonl");

    assertThat(SystemdSandbox.parse(lines).canWrite(audit)).isFalse();
    assertThat(SystemdSandbox.of(UNIT).canWrite(Path.of("/var/log/other/audit.jsonl"))).isFalse();
    assertThat(SystemdSandbox.of(UNIT).canWrite(Path.of("/etc/md-rotator/audit.jsonl"))).isFalse();
  }

  @Test
  void modelFollowsSystemdListSemantics() {
    SystemdSandbox unit = SystemdSandbox.parse(List.of(
        "[Unit]", "ReadWritePaths=/ignored", "[Service]", "ProtectSystem=strict",
        "ReadWritePaths=/srv/a", "ReadWritePaths=", "ReadWritePaths=-/srv/b /srv/c",
        "ReadOnlyPaths=/srv/c/ro", "PrivateTmp=yes"));

    assertThat(unit.canWrite(Path.of("/srv/a/f"))).as("reset by the empty assignment").isFalse();
    assertThat(unit.canWrite(Path.of("/srv/b/f"))).isTrue();
    assertThat(unit.canWrite(Path.of("/srv/c/sub/f"))).isTrue();
    assertThat(unit.canWrite(Path.of("/srv/c/ro/f"))).as("ReadOnlyPaths wins").isFalse();
    assertThat(unit.canWrite(Path.of("/tmp/f"))).isTrue();
    assertThat(unit.canWrite(Path.of("/ignored/f"))).as("[Unit] settings are not the sandbox").isFalse();
    assertThatThrownBy(() -> SystemdSandbox.parse(List.of("[Service]", "ProtectSystem=full")).canWrite(Path.of("/x/f")))
        .hasMessageContaining("strict");
  }
}
