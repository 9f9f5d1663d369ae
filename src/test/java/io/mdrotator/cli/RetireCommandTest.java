package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.LogbackDefaults;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.observability.LeakCanary;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.SecretContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code retire --now} and the retirement view of {@code plan}, against both emulators on loopback
 * (the demo's four slots): without {@code --yes} nothing changes and the exit is 1; with it every
 * token of the slot is revoked, its secret and state are gone and each step is in the audit file.
 */
class RetireCommandTest {
  private static final String SLOT = "etl_loader/rw";
  private static final String VAULT_PATH = "motherduck/" + SLOT;
  private static final String STATE_PATH = EngineOptions.DEFAULTS.statePath("etl_loader", "rw");
  @TempDir Path tmp;
  private DemoEnvironment env;
  private final List<CliRun> runs = new ArrayList<>();

  private void start() throws Exception {
    env = DemoEnvironment.start(0, Optional.of(tmp.resolve("audit.jsonl")));
  }

  @AfterEach
  void noSecretInAnyOutput() {
    try {
      if (env != null) {
        List<String> secrets = new ArrayList<>(env.motherDuck().issuedSecrets());
        secrets.add(env.vault().rootToken().reveal());
        LeakCanary canary = LeakCanary.watching(secrets);
        runs.forEach(r -> canary.assertNoLeak("cli", r.all()));
      }
    } finally {
      if (env != null) {
        env.close();
      }
      LogbackDefaults.restore();
    }
  }

  private CliRun run(String... args) {
    CliRun r = CliRun.of(args);
    runs.add(r);
    return r;
  }

  private String config() {
    return env.configFile().toString();
  }

  private String servedId() {
    return String.valueOf(env.vault().currentData(VAULT_PATH).orElseThrow().get(SecretContract.TOKEN_ID));
  }

  @Test
  void withoutYesItPrintsWhatItWouldDoExitsOneAndChangesNothing() throws Exception {
    start();
    assertThat(run("reconcile", "--config", config()).exitCode()).isZero();
    String served = servedId();
    long versions = env.vault().currentVersion(VAULT_PATH);

    CliRun r = run("retire", "--config", config(), SLOT, "--now");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains(SLOT + " would: ").contains("revoke_retired").contains(served)
        .contains("delete_secret").contains("delete_state");
    assertThat(r.err()).contains("nothing done: add --yes");
    assertThat(env.motherDuck().isTokenLive(served)).isTrue();
    assertThat(servedId()).isEqualTo(served);
    assertThat(env.vault().currentVersion(VAULT_PATH)).isEqualTo(versions);
  }

  @Test
  void withYesItRevokesAtOnceCleansVaultAndAuditsEachStep() throws Exception {
    start();
    assertThat(run("reconcile", "--config", config()).exitCode()).isZero();
    String served = servedId();
    String other = String.valueOf(env.vault().currentData("motherduck/bi_dashboards/rw").orElseThrow()
        .get(SecretContract.TOKEN_ID));

    CliRun r = run("retire", "--config", config(), SLOT, "--now", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains(SLOT + " OK").contains("revoked=[" + served + "]");
    assertThat(r.err()).contains("is in service in the policy");
    assertThat(env.motherDuck().isTokenLive(served)).isFalse();
    assertThat(env.motherDuck().liveTokens("etl_loader")).isEmpty();
    assertThat(env.vault().currentData(VAULT_PATH)).as("soft-deleted").isEmpty();
    assertThat(env.vault().currentVersion(VAULT_PATH)).as("history kept").isEqualTo(1);
    assertThat(env.vault().currentVersion(STATE_PATH)).as("state removed").isZero();
    assertThat(env.motherDuck().isTokenLive(other)).as("other slots untouched").isTrue();

    List<JsonNode> audit = audit();
    assertThat(audit).extracting(e -> e.get("event").asString()).containsSubsequence(
        "command_invoked", "retirement_recorded", "revoked", "retirement_secret_deleted", "retirement_state_deleted");
    assertThat(audit).filteredOn(e -> e.get("event").asString().equals("command_invoked"))
        .anySatisfy(e -> assertThat(e.get("command").asString()).isEqualTo("retire"));
    assertThat(audit).filteredOn(e -> e.get("event").asString().equals("revoked"))
        .anySatisfy(e -> {
          assertThat(e.get("token_id").asString()).isEqualTo(served);
          assertThat(e.get("reason").asString()).isEqualTo("retired");
        });

    CliRun again = run("retire", "--config", config(), SLOT, "--now", "--yes");
    assertThat(again.exitCode()).as("idempotent: " + again.all()).isZero();
  }

  @Test
  void destroyRemovesEveryVersionAndAnAccountRetiresEachSlot() throws Exception {
    start();
    assertThat(run("reconcile", "--config", config()).exitCode()).isZero();

    CliRun r = run("retire", "--config", config(), "bi_dashboards", "--now", "--destroy", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("bi_dashboards/rw OK").contains("bi_dashboards/rs OK");
    assertThat(env.motherDuck().liveTokens("bi_dashboards")).isEmpty();
    assertThat(env.vault().currentVersion("motherduck/bi_dashboards/rw")).isZero();
    assertThat(env.vault().currentVersion("motherduck/bi_dashboards/rs")).isZero();
    assertThat(env.vault().currentData(VAULT_PATH)).as("another account untouched").isPresent();
  }

  @Test
  void withoutNowOrForAnUnknownSlotItIsInvalidInput() throws Exception {
    start();
    CliRun noNow = run("retire", "--config", config(), SLOT, "--yes");
    assertThat(noNow.exitCode()).as(noNow.all()).isEqualTo(2);
    assertThat(noNow.err()).contains("--now");

    CliRun unknown = run("retire", "--config", config(), "etl_loader/nope", "--now", "--yes");
    assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown slot 'etl_loader/nope'");
  }

  @Test
  void planShowsAPendingRetirementWithItsDates() throws Exception {
    start();
    assertThat(run("reconcile", "--config", config()).exitCode()).isZero();
    Path policy = env.configFile().resolveSibling("policy.yaml");
    String text = Files.readString(policy);
    String retired = text.replace("""
          - username: etl_loader
            slots:
              - name: rw
                token_type: read_write
        """, """
          - username: etl_loader
            slots:
              - name: rw
                token_type: read_write
                retire: {gracePeriod: 1h}
        """);
    assertThat(retired).isNotEqualTo(text);
    Files.writeString(policy, retired);

    CliRun before = run("plan", "--config", config(), "--output", "json");
    JsonNode pending = slot(before, SLOT);
    assertThat(pending.get("retirement").get("recorded_at").isNull()).as(before.all()).isTrue();
    assertThat(pending.get("due_now").get(0).get("action").asString()).isEqualTo("record_retirement");

    assertThat(run("reconcile", "--config", config()).exitCode()).isZero();
    CliRun after = run("plan", "--config", config(), "--output", "json");

    assertThat(after.exitCode()).as(after.all()).isZero();
    JsonNode s = slot(after, SLOT);
    assertThat(s.get("liveness").asString()).isEqualTo("retiring");
    Instant recorded = Instant.parse(s.get("retirement").get("recorded_at").asString());
    assertThat(Instant.parse(s.get("retirement").get("revoke_after").asString())).isEqualTo(recorded.plus(Duration.ofHours(1)));
    assertThat(s.get("retirement").get("destroy").asBoolean()).isFalse();
    assertThat(s.get("due_now")).isEmpty();
    assertThat(s.get("next_rotation").isNull()).isTrue();
    assertThat(env.motherDuck().isTokenLive(s.get("served_token_id").asString())).as("served until the deadline").isTrue();
  }

  private static JsonNode slot(CliRun r, String slot) {
    JsonNode root = JsonMapper.builder().build().readTree(r.out());
    for (JsonNode s : root.get("slots")) {
      if (s.get("slot").asString().equals(slot)) {
        return s;
      }
    }
    throw new AssertionError("no " + slot + " in " + r.all());
  }

  private List<JsonNode> audit() throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(tmp.resolve("audit.jsonl"))) {
      if (!line.isBlank()) {
        out.add(json.readTree(line));
      }
    }
    return out;
  }
}
