package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.mdrotator.testing.LogbackDefaults;
import io.mdrotator.testing.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Reconfigures the global Logback context, then restores logback.xml. */
@SuppressWarnings("try") // SlotMdc is used for its scope only
class LoggingSetupTest {
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void restore() throws Exception {
    System.setErr(originalErr);
    LogbackDefaults.restore();
  }

  @Test
  void jsonConsoleAndSeparateAuditFile(@TempDir Path dir) throws Exception {
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    Path auditFile = dir.resolve("audit.jsonl");
    LoggingSetup.configure(LogFormat.JSON, Optional.of(auditFile));
    LoggerFactory.getLogger("io.mdrotator.Demo").info("starting with token={}", MaskingEncodersTest.JWT);
    java.util.logging.Logger.getLogger("jul.demo").warning("from JUL");
    new AuditLog(Clock.systemUTC()).verified(Scenario.ETL, "r-1", "tok-1");

    String console = err.toString(StandardCharsets.UTF_8);
    JsonMapper json = JsonMapper.builder().build();
    assertThat(console.lines()).hasSize(3).allSatisfy(l -> assertThat(json.readTree(l).isObject()).isTrue());
    assertThat(console).contains("\"message\":\"starting with token=****\"").contains("from JUL")
        .contains("\"audit\":{");
    String audit = Files.readString(auditFile);
    assertThat(audit.lines()).hasSize(1);
    assertThat(json.readTree(audit).get("event").asString()).isEqualTo("verified");
    LeakCanary.watching(MaskingEncodersTest.JWT).assertNoLeak("stderr", console);
  }

  /**
   * With {@code -Dlogback.configurationFile} the operator's file wins: the context is not reset (its
   * appenders and levels stay), format and levels are not applied, the audit file is still attached.
   */
  @Test
  void anOperatorsLogbackFileTakesPrecedenceButTheAuditFileIsStillWritten(@TempDir Path dir) throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> operators =
        new ch.qos.logback.core.read.ListAppender<>();
    operators.setContext(ctx);
    operators.setName("operators-appender");
    operators.start();
    root.addAppender(operators);
    root.setLevel(Level.ERROR);
    Path auditFile = dir.resolve("audit.jsonl");
    System.setProperty("logback.configurationFile", dir.resolve("operator-logback.xml").toString());
    try {
      LoggingSetup.Outcome outcome = LoggingSetup.configure(new LoggingSetup.Settings(LogFormat.JSON,
          Optional.of(auditFile), Level.DEBUG, Map.of("io.mdrotator", Level.TRACE), true));
      assertThat(outcome).isEqualTo(LoggingSetup.Outcome.OPERATOR_FILE);
    } finally {
      System.clearProperty("logback.configurationFile");
    }
    new AuditLog(Clock.systemUTC()).verified(Scenario.ETL, "r-1", "tok-1");

    assertThat(root.getAppender("operators-appender")).as("context not reset").isSameAs(operators);
    assertThat(root.getLevel()).isEqualTo(Level.ERROR);
    assertThat(ctx.getLogger("io.mdrotator").getLevel()).isNull();
    assertThat(Files.readString(auditFile)).contains("\"event\":\"verified\"");
  }

  /** The demo's choice: audit events to the file only, the console keeps the operator lines. */
  @Test
  void auditEventsCanBeKeptOffTheConsole(@TempDir Path dir) throws Exception {
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    Path auditFile = dir.resolve("audit.jsonl");
    LoggingSetup.configure(new LoggingSetup.Settings(LogFormat.TEXT, Optional.of(auditFile), Level.INFO, Map.of(), false));
    new AuditLog(Clock.systemUTC()).verified(Scenario.ETL, "r-1", "tok-1");
    LoggerFactory.getLogger("io.mdrotator.Demo").warn("a human line");

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("a human line").doesNotContain("verified");
    assertThat(Files.readString(auditFile)).contains("\"event\":\"verified\"");
  }

  @Test
  void textConsoleByDefault() {
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    LoggingSetup.configure(LogFormat.TEXT, Optional.empty());
    try (SlotMdc mdc = SlotMdc.of(Scenario.ETL, "r-9")) {
      LoggerFactory.getLogger("io.mdrotator.Demo").info("rotating with {}", MaskingEncodersTest.VAULT);
    }
    String console = err.toString(StandardCharsets.UTF_8);
    assertThat(console).contains(" INFO ").contains("account=svc_etl").contains("rotation_id=r-9")
        .contains("rotating with ****");
  }

  @Test
  void shippedLogbackXmlMasksToo() throws Exception {
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    LogbackDefaults.restore();
    LoggerFactory.getLogger("io.mdrotator.Demo").warn("vault token {}", MaskingEncodersTest.VAULT,
        new IllegalStateException("jwt " + MaskingEncodersTest.JWT));
    String console = err.toString(StandardCharsets.UTF_8);
    assertThat(console).contains("vault token ****").contains("IllegalStateException: jwt ****");
    LeakCanary.watching(MaskingEncodersTest.JWT, MaskingEncodersTest.VAULT).assertNoLeak("stderr", console);
  }

  @Test
  void auditFileIsCreated0640AndAnExistingOneKeepsItsMode(@TempDir Path dir) throws Exception {
    Path created = dir.resolve("new/audit.jsonl");
    LoggingSetup.configure(LogFormat.JSON, Optional.of(created));
    LoggerFactory.getLogger(AuditLog.LOGGER_NAME).info("an audit line");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-r-----");
    assertThat(Files.readString(created)).isEqualTo("an audit line\n");

    Path existing = Files.writeString(dir.resolve("existing.jsonl"), "old\n");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-------"));
    LoggingSetup.openAuditFile(existing);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-------");
    assertThat(Files.readString(existing)).isEqualTo("old\n");
  }

  /** The mode does not follow the umask: the most open and a closed umask both give 0640. */
  @ParameterizedTest
  @ValueSource(strings = {"000", "077"})
  void auditFileModeIgnoresTheUmask(String umask, @TempDir Path dir) throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    ProcessBuilder java = ChildJvm.of("64m", AuditFileChild.class.getName(), audit.toString());
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
    cmd.addAll(java.command());
    Process p = java.command(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    String plainFile = umask.equals("000") ? "rw-rw-rw-" : "rw-------";
    assertThat(out).as("a plain file the child creates follows the umask").contains("umask-probe " + plainFile);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit))).isEqualTo("rw-r-----");
    assertThat(Files.readString(audit)).isEqualTo("audit line from the child\n");
  }

  /** Child entry point: configures logging with the audit file in args[0] and writes one audit line. */
  public static final class AuditFileChild {
    public static void main(String[] args) throws Exception {
      Path audit = Path.of(args[0]);
      Path probe = Files.createFile(audit.resolveSibling("umask-probe"));
      System.out.println("umask-probe " + PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)));
      LoggingSetup.configure(LogFormat.TEXT, Optional.of(audit));
      LoggerFactory.getLogger(AuditLog.LOGGER_NAME).info("audit line from the child");
      System.exit(0);
    }
  }

  @Test
  void anAuditFileThatCannotBeOpenedIsNamedWithTheReason(@TempDir Path dir) throws Exception {
    Path isADirectory = Files.createDirectories(dir.resolve("audit.jsonl"));
    assertThatThrownBy(() -> LoggingSetup.openAuditFile(isADirectory))
        .isInstanceOf(LoggingSetup.AuditFileException.class)
        .hasMessage("logging.auditFile " + isADirectory + " cannot be opened for appending: Is a directory;"
            + " md-rotator does not run without its audit log");

    Path file = Files.writeString(dir.resolve("plain"), "");
    Path underAFile = file.resolve("audit.jsonl");
    assertThatThrownBy(() -> LoggingSetup.openAuditFile(underAFile))
        .hasMessage("logging.auditFile " + underAFile + " cannot be opened for appending: exists and is not a"
            + " directory (" + file + "); md-rotator does not run without its audit log");
  }

  /** configure() itself does not throw (the run command then reaches Daemon.start, which refuses). */
  @Test
  void configureLeavesOutAnAuditFileItCannotOpen(@TempDir Path dir) throws Exception {
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    Path isADirectory = Files.createDirectories(dir.resolve("audit.jsonl"));
    LoggingSetup.configure(LogFormat.TEXT, Optional.of(isADirectory));

    ch.qos.logback.classic.Logger audit =
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(AuditLog.LOGGER_NAME);
    assertThat(audit.iteratorForAppenders().hasNext()).isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
