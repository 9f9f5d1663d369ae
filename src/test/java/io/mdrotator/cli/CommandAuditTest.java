package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.LogbackDefaults;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.observability.LeakCanary;
import io.mdrotator.rotation.SecretContract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-shot commands that change anything ({@code reconcile}, {@code rotate}) write the audit
 * file named in the config and log like the daemon, through the real {@code Main} against both
 * emulators. Log lines go to the process's stderr (captured here with {@link System#setErr}); the
 * command's own report to its stdout and stderr writers.
 */
class CommandAuditTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final List<String> captured = new ArrayList<>();
  private DemoEnvironment env;
  private Path audit;
  private String config;

  @BeforeEach
  void start() throws Exception {
    env = DemoEnvironment.start(0);
    audit = env.configFile().resolveSibling("logs/audit.jsonl");
    Files.writeString(env.configFile(), "  auditFile: logs/audit.jsonl\n", java.nio.file.StandardOpenOption.APPEND);
    config = env.configFile().toString();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void noSecretAnywhereThenRestore() throws Exception {
    System.setErr(originalErr);
    LogbackDefaults.restore();
    try {
      List<String> secrets = new ArrayList<>(env.motherDuck().issuedSecrets());
      secrets.add(env.vault().rootToken().reveal());
      LeakCanary canary = LeakCanary.watching(secrets);
      captured.forEach(c -> canary.assertNoLeak("cli", c));
      canary.assertNoLeak("log", logs.toString(StandardCharsets.UTF_8));
      if (Files.exists(audit)) {
        canary.assertNoLeak(audit.toString(), Files.readString(audit));
      }
    } finally {
      env.close();
    }
  }

  private CliRun run(String... args) {
    CliRun r = CliRun.of(args);
    captured.add(r.all());
    return r;
  }

  @Test
  void rotateRevokePreviousLeavesTheInvocationTheForcedRotationAndTheCompromiseRevocations() throws Exception {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();
    assertThat(run("rotate", "--config", config, "etl_loader/rw").exitCode()).isZero();
    long before = Files.readAllLines(audit).size();

    CliRun r = run("rotate", "--config", config, "--revoke-previous", "etl_loader/rw");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("etl_loader/rw ").contains("revoked=");
    assertThat(r.err()).isEmpty();
    List<JsonNode> events = Files.readAllLines(audit).stream().skip(before).map(JSON::readTree).toList();
    JsonNode invoked = events.get(0);
    assertThat(invoked.get("event").asString()).isEqualTo("command_invoked");
    assertThat(invoked.get("command").asString()).isEqualTo("rotate");
    assertThat(invoked.get("args").toString())
        .isEqualTo("[\"--config\",\"" + config + "\",\"--revoke-previous\",\"etl_loader/rw\"]");
    assertThat(invoked.get("user").asString()).isNotBlank();
    assertThat(invoked.get("host").asString()).isNotBlank();
    assertThat(invoked.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    JsonNode started = only(events, "rotation_started");
    assertThat(started.get("reason").asString()).isEqualTo("forced");
    assertThat(started.get("account").asString() + "/" + started.get("slot").asString()).isEqualTo("etl_loader/rw");
    List<JsonNode> revoked = all(events, "revoked");
    assertThat(revoked).as("the two older tokens").hasSize(2)
        .allSatisfy(e -> assertThat(e.get("reason").asString()).isEqualTo("compromise"));
    String served = servedId("etl_loader/rw");
    assertThat(revoked).noneSatisfy(e -> assertThat(e.get("token_id").asString()).isEqualTo(served));
    assertThat(all(events, "stored")).singleElement()
        .satisfies(e -> assertThat(e.get("token_id").asString()).isEqualTo(served));
  }

  @Test
  void reconcileRecordsItsInvocationAndEveryStoredToken() throws Exception {
    CliRun r = run("reconcile", "--config", config, "--concurrency", "2");

    assertThat(r.exitCode()).as(r.all()).isZero();
    List<JsonNode> events = Files.readAllLines(audit).stream().map(JSON::readTree).toList();
    assertThat(events.get(0).get("event").asString()).isEqualTo("command_invoked");
    assertThat(events.get(0).get("args").toString()).isEqualTo("[\"--config\",\"" + config + "\",\"--concurrency\",\"2\"]");
    assertThat(all(events, "stored")).hasSize(4);
    assertThat(all(events, "rotation_succeeded")).hasSize(4);
    assertThat(logs.toString(StandardCharsets.UTF_8)).as("audit events reach the console too, as the daemon's")
        .contains("md-rotator.audit").contains("\"event\":\"command_invoked\"");
  }

  @Test
  void aFailedRotationLogsAWarningWithItsCauseAndAnAuditEvent() throws Exception {
    env.motherDuck().faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.status(403));

    CliRun r = run("rotate", "--config", config, "etl_loader/rw");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("etl_loader/rw FAILED");
    String console = logs.toString(StandardCharsets.UTF_8);
    assertThat(console.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
        .anySatisfy(l -> assertThat(l).contains("rotation of slot etl_loader/rw failed")
            .contains("reason motherduck_forbidden").contains("403"));
    List<JsonNode> events = Files.readAllLines(audit).stream().map(JSON::readTree).toList();
    assertThat(only(events, "rotation_failed").get("reason").asString()).isEqualTo("motherduck_forbidden");
  }

  @Test
  void anAuditFileThatCannotBeOpenedStopsTheCommandBeforeItActs() throws Exception {
    Files.writeString(env.configFile().resolveSibling("logs"), "a file where the directory should be");

    CliRun r = run("rotate", "--config", config, "etl_loader/rw");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().startsWith(config + ": logging.auditFile ")
        .endsWith("md-rotator does not run without its audit log");
    assertThat(r.out()).isEmpty();
    assertThat(env.motherDuck().calls(MotherDuckEmulator.CREATE_TOKEN)).isZero();
  }

  private static JsonNode only(List<JsonNode> events, String name) {
    List<JsonNode> found = all(events, name);
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static List<JsonNode> all(List<JsonNode> events, String name) {
    return events.stream().filter(e -> e.get("event").asString().equals(name)).toList();
  }

  private String servedId(String slot) {
    return String.valueOf(env.vault().currentData("motherduck/" + slot).orElseThrow().get(SecretContract.TOKEN_ID));
  }
}
