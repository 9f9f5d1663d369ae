package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.LogbackDefaults;
import io.mdrotator.demo.DemoTally;
import io.mdrotator.observability.LeakCanary;
import io.mdrotator.policy.SlotId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code md-rotator demo} (the real {@code Main}) names its audit file at start, writes the audit
 * stream there, and keeps its terminal (stdout and stderr, captured here) to human lines.
 */
class DemoCommandTest {
  /** The demo's credentials: 48-hex admin and Vault root tokens, JWT-shaped minted tokens. */
  private static final Pattern CREDENTIAL = Pattern.compile("\\b[0-9a-f]{48}\\b|eyJ[A-Za-z0-9_-]{2,}\\.");
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void restore() throws Exception {
    System.setOut(originalOut);
    System.setErr(originalErr);
    LogbackDefaults.restore();
  }

  @Test
  void auditStreamGoesToTheNamedFileAndTheTerminalKeepsHumanLines(@TempDir Path dir) throws Exception {
    Path audit = dir.resolve("demo-audit.jsonl");
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));

    CliRun r = CliRun.of("demo", "--duration", "6s", "--audit-file", audit.toString());

    String stdout = out.toString(StandardCharsets.UTF_8);
    String stderr = err.toString(StandardCharsets.UTF_8);
    String all = r.all() + "\n--- System.out\n" + stdout + "--- System.err\n" + stderr;
    assertThat(r.exitCode()).as(all).isZero();
    assertThat(stdout).as(all).contains("audit log:           " + audit + " (JSON lines)\n")
        .contains(" minted   ").contains(" stored   ").contains("demo summary: rotations=");
    assertThat(stdout.indexOf("audit log:")).as("named at start").isLessThan(stdout.indexOf(" minted "));
    assertThat(stdout + stderr).as("no audit record on the terminal").doesNotContain("\"event\":")
        .doesNotContain("md-rotator.audit");
    List<JsonNode> events = Files.readAllLines(audit).stream().map(JsonMapper.builder().build()::readTree).toList();
    assertThat(events).extracting(e -> e.get("event").asString()).contains("minted", "stored", "rotation_succeeded");
    assertThat(CREDENTIAL.matcher(all).find()).as("a credential on the terminal").isFalse();
    assertThat(CREDENTIAL.matcher(Files.readString(audit)).find()).as("a credential in the audit file").isFalse();
  }

  /** The tally's FAILED line quotes the cause's message, masked as a log line would be. */
  @Test
  void aFailureMessageOnTheTerminalIsMasked() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJldGwifQ.c2lnbmF0dXJlLXZhbHVl";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoTally tally = new DemoTally(new PrintStream(bytes, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC());

    tally.rotationFailed(SlotId.parse("etl_loader/rw"), "r-1", new IllegalStateException("rejected " + jwt), 1,
        java.time.Instant.EPOCH, java.util.Optional.empty());

    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("FAILED   rejected ****; retry at ");
    LeakCanary.watching(jwt).assertNoLeak("demo terminal", bytes.toString(StandardCharsets.UTF_8));
    assertThat(tally.failures()).isEqualTo(1);
  }
}
