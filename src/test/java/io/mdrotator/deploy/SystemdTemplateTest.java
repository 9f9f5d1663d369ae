package io.mdrotator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd/md-rotator@.service (one instance per MotherDuck organization) is md-rotator.service with
 * per-instance paths: the same hardening, JVM flags and lifecycle, every path of its own under a
 * %i directory, and a user of its own. Parses both units; any other difference fails.
 */
class SystemdTemplateTest {
  private static final Path UNIT = Path.of("systemd/md-rotator.service");
  private static final Path TEMPLATE = Path.of("systemd/md-rotator@.service");

  /** Section name -> "Key=value" assignments in file order; comments and blank lines dropped. */
  static Map<String, List<String>> parse(List<String> lines) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = sections.computeIfAbsent(line, k -> new ArrayList<>());
      } else {
        assertThat(current).as("assignment before any section: " + line).isNotNull();
        assertThat(line).as("an assignment").contains("=");
        current.add(line);
      }
    }
    return sections;
  }

  /**
   * What the template adds to the main unit or changes in it, after taking its instance directory
   * out of every path ({@code md-rotator/%i} becomes {@code md-rotator}): assignments only the
   * template has, then assignments only the main unit has.
   */
  static List<String> drift(List<String> unitLines, List<String> templateLines) {
    Map<String, List<String>> unit = parse(unitLines);
    Map<String, List<String>> template = parse(templateLines);
    List<String> drift = new ArrayList<>();
    assertThat(template.keySet()).as("sections").containsExactlyElementsOf(unit.keySet());
    for (String section : unit.keySet()) {
      List<String> a = section.equals("[Unit]")
          ? unit.get(section).stream().filter(l -> !l.startsWith("Description=")).toList()
          : unit.get(section);
      List<String> b = new ArrayList<>();
      for (String line : template.get(section)) {
        if (line.startsWith("Description=") || line.startsWith("User=")) {
          continue; // checked on their own below
        }
        b.add(line.replace("md-rotator/%i", "md-rotator"));
      }
      if (!a.equals(b)) {
        int before = drift.size();
        b.stream().filter(l -> !a.contains(l)).forEach(l -> drift.add(section + " template only: " + l));
        a.stream().filter(l -> !b.contains(l)).forEach(l -> drift.add(section + " main unit only: " + l));
        if (drift.size() == before) {
          drift.add(section + " same assignments in another order");
        }
      }
    }
    return drift;
  }

  @Test
  void templateIsTheMainUnitWithPerInstancePaths() throws Exception {
    List<String> unit = Files.readAllLines(UNIT, StandardCharsets.UTF_8);
    List<String> template = Files.readAllLines(TEMPLATE, StandardCharsets.UTF_8);
    assertThat(drift(unit, template)).as("differences between %s and %s", UNIT, TEMPLATE).isEmpty();

    Map<String, List<String>> service = parse(template);
    List<String> s = service.get("[Service]");
    assertThat(s).contains(
        "ExecStart=" + value(parse(unit).get("[Service]"), "ExecStart")
            .replace("--config /etc/md-rotator/", "--config /etc/md-rotator/%i/")
            .replace("=/var/lib/md-rotator/md-rotator.jsa", "=/var/lib/md-rotator/%i/md-rotator.jsa"),
        "User=md-rotator-%i", "DynamicUser=yes",
        "ConfigurationDirectory=md-rotator/%i", "StateDirectory=md-rotator/%i", "LogsDirectory=md-rotator/%i",
        "WorkingDirectory=/var/lib/md-rotator/%i");
    assertThat(s.stream().filter(l -> l.startsWith("LoadCredential"))).isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains(":/etc/md-rotator/%i/credentials/"));
    assertThat(value(service.get("[Unit]"), "Description")).contains("%i");
  }

  @Test
  void driftInHardeningIsFound() throws Exception {
    List<String> unit = Files.readAllLines(UNIT, StandardCharsets.UTF_8);
    List<String> template = new ArrayList<>(Files.readAllLines(TEMPLATE, StandardCharsets.UTF_8));
    List<String> hardening = parse(unit).get("[Service]").stream()
        .filter(l -> l.matches("(Protect|Private|Restrict|SystemCall|NoNewPrivileges|Capability|LockPersonality|UMask).*"))
        .toList();
    assertThat(hardening).hasSizeGreaterThan(20);

    List<String> weaker = new ArrayList<>(template);
    assertThat(weaker.remove("ProtectClock=yes")).isTrue();
    assertThat(drift(unit, weaker)).containsExactly("[Service] main unit only: ProtectClock=yes");

    List<String> changed = new ArrayList<>(template);
    changed.replaceAll(l -> l.equals("SystemCallFilter=~@privileged") ? "SystemCallFilter=~@mount" : l);
    assertThat(drift(unit, changed)).containsExactlyInAnyOrder(
        "[Service] template only: SystemCallFilter=~@mount", "[Service] main unit only: SystemCallFilter=~@privileged");

    List<String> flags = new ArrayList<>(template);
    flags.replaceAll(l -> l.startsWith("ExecStart=") ? l.replace("-Xmx256m", "-Xmx1g") : l);
    assertThat(drift(unit, flags)).hasSize(2);

    List<String> shared = new ArrayList<>(template);
    shared.replaceAll(l -> l.equals("StateDirectory=md-rotator/%i") ? "StateDirectory=md-rotator/shared" : l);
    assertThat(drift(unit, shared)).contains("[Service] template only: StateDirectory=md-rotator/shared");
  }

  @Test
  void eachInstanceWritesOnlyItsOwnLogsAndState() throws Exception {
    List<String> prod = Files.readAllLines(TEMPLATE, StandardCharsets.UTF_8).stream()
        .map(l -> l.replace("%i", "prod")).toList();
    SystemdSandbox sandbox = SystemdSandbox.parse(prod);
    assertThat(sandbox.canWrite(Path.of("/var/log/md-rotator/prod/audit.jsonl"))).as(sandbox.writableRoots().toString()).isTrue();
    assertThat(sandbox.canWrite(Path.of("/var/lib/md-rotator/prod/hs_err.log"))).isTrue();
    assertThat(sandbox.canWrite(Path.of("/var/log/md-rotator/staging/audit.jsonl"))).isFalse();
    assertThat(sandbox.canWrite(Path.of("/var/lib/md-rotator/staging/hs_err.log"))).isFalse();
    assertThat(sandbox.canWrite(Path.of("/var/log/md-rotator/audit.jsonl"))).isFalse();
  }

  @Test
  void templatePassesTheSystemdGateAndSharedCredentialsFailIt(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")) || Files.isExecutable(Path.of("/bin/systemd-analyze")),
        "systemd-analyze (Debian package systemd) is not installed");
    String[] shipped = check(TEMPLATE);
    assertThat(shipped[0]).as(shipped[1]).isEqualTo("0");
    assertThat(shipped[1]).contains("systemd-analyze verify: clean")
        .containsPattern("exposure [01]\\.[0-9] <= 1\\.5").doesNotContain("FAIL");

    List<String> lines = new ArrayList<>(Files.readAllLines(TEMPLATE, StandardCharsets.UTF_8));
    lines.replaceAll(l -> l.startsWith("LoadCredential=vault-secret-id:")
        ? "LoadCredential=vault-secret-id:/etc/md-rotator/credentials/vault-secret-id" : l);
    lines.replaceAll(l -> l.startsWith("User=") ? "User=md-rotator" : l);
    lines.replaceAll(l -> l.startsWith("LogsDirectory=") ? "LogsDirectory=md-rotator" : l);
    Path copy = Files.write(dir.resolve("md-rotator@.service"), lines, StandardCharsets.UTF_8);
    String[] run = check(copy);
    assertThat(run[0]).as(run[1]).isEqualTo("1");
    assertThat(run[1])
        .contains("FAIL: every LoadCredential= source must be under /etc/md-rotator/%i/")
        .contains("FAIL: User= must contain %i")
        .contains("FAIL: LogsDirectory= must be md-rotator/%i");
  }

  private static String value(List<String> assignments, String key) {
    return assignments.stream().filter(l -> l.startsWith(key + "=")).reduce((x, y) -> y)
        .map(l -> l.substring(key.length() + 1)).orElseThrow(() -> new AssertionError("no " + key + "="));
  }

  /** {exit code, output} of scripts/systemd-check.sh UNIT. */
  private static String[] check(Path unit) throws Exception {
    Process p = new ProcessBuilder("bash", "scripts/systemd-check.sh", unit.toString()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String[] {Integer.toString(p.exitValue()), out};
  }
}
