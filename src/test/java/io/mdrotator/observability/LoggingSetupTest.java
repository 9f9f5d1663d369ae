package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
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
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
    LoggerFactory.getLogger("io.mdrotator.Demo").warn("vault token {}", MaskingEncodersTest.VAULT,
        new IllegalStateException("jwt " + MaskingEncodersTest.JWT));
    String console = err.toString(StandardCharsets.UTF_8);
    assertThat(console).contains("vault token ****").contains("IllegalStateException: jwt ****");
    LeakCanary.watching(MaskingEncodersTest.JWT, MaskingEncodersTest.VAULT).assertNoLeak("stderr", console);
  }
}
