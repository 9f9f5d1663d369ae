package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.mdrotator.testing.LogbackDefaults;
import io.mdrotator.demo.DemoEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.level} and {@code logging.levels} from the config reach Logback when a command
 * runs (the real {@code Main}, against both emulators; the Vault emulator runs in this JVM and
 * logs each request at DEBUG, which makes a per-package level visible).
 */
class LogLevelsTest {
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private DemoEnvironment env;

  @BeforeEach
  void start() throws Exception {
    env = DemoEnvironment.start(0);
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() throws Exception {
    System.setErr(originalErr);
    LogbackDefaults.restore();
    env.close();
  }

  @Test
  void rootLevelAndPerPackageLevelsApply() throws Exception {
    append("  level: warn\n  levels:\n    io.mdrotator.emulator.vault: DEBUG\n");

    CliRun r = CliRun.of("reconcile", "--config", env.configFile().toString());

    assertThat(r.exitCode()).as(r.all()).isZero();
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
    assertThat(ctx.getLogger("io.mdrotator.emulator.vault").getLevel()).isEqualTo(Level.DEBUG);
    List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(" DEBUG ").contains("VaultEmulator"));
    assertThat(lines).as("INFO below the root level, except the audit trail, which is never turned down")
        .filteredOn(l -> l.contains(" INFO ")).isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("md-rotator.audit"));
  }

  @Test
  void infoByDefault() throws Exception {
    CliRun r = CliRun.of("reconcile", "--config", env.configFile().toString());

    assertThat(r.exitCode()).as(r.all()).isZero();
    List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("operator log lines at INFO are shown")
        .anySatisfy(l -> assertThat(l).contains(" INFO ").doesNotContain("md-rotator.audit"));
    assertThat(lines).noneSatisfy(l -> assertThat(l).contains(" DEBUG "));
  }

  @Test
  void anUnknownLevelIsAConfigErrorWithItsPosition() throws Exception {
    append("  level: loud\n");

    CliRun r = CliRun.of("reconcile", "--config", env.configFile().toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(env.configFile().toString())
        + ":\\d+:\\d+: logging\\.level");
    assertThat(r.out()).isEmpty();
  }

  /** Adds keys to the {@code logging} section, the last one the demo environment writes. */
  private void append(String keys) throws Exception {
    String text = Files.readString(env.configFile());
    assertThat(text).endsWith("logging:\n  format: console\n");
    Files.writeString(env.configFile(), keys, StandardOpenOption.APPEND);
  }
}
