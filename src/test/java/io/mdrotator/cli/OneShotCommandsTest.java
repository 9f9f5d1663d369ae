package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.LogbackDefaults;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.observability.LeakCanary;
import io.mdrotator.rotation.SecretContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code reconcile}, {@code plan} and {@code rotate} against both emulators on loopback. */
class OneShotCommandsTest {
  private static final List<String> SLOTS = List.of("etl_loader/rw", "bi_dashboards/rw", "bi_dashboards/rs", "ml_scoring/rw");
  private DemoEnvironment env;
  private String config;
  private final List<CliRun> runs = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    env = DemoEnvironment.start(0);
    config = env.configFile().toString();
  }

  @AfterEach
  void noSecretInAnyOutput() {
    try {
      List<String> secrets = new ArrayList<>(env.motherDuck().issuedSecrets());
      secrets.add(env.vault().rootToken().reveal());
      LeakCanary canary = LeakCanary.watching(secrets);
      runs.forEach(r -> canary.assertNoLeak("cli", r.all()));
    } finally {
      env.close();
      LogbackDefaults.restore(); // reconcile and rotate configure the process's logging, as in production
    }
  }

  private CliRun run(String... args) {
    CliRun r = CliRun.of(args);
    runs.add(r);
    return r;
  }

  @Test
  void reconcileIssuesEveryTokenOnFirstRunAndNothingOnTheSecond() {
    CliRun first = run("reconcile", "--config", config);

    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(first.out()).contains("reconcile: 4 slots, 0 failed");
    for (String slot : SLOTS) {
      String[] parts = slot.split("/");
      Map<String, Object> stored = env.vault().currentData("motherduck/" + slot).orElseThrow();
      assertThat(liveIds(parts[0])).as(slot).contains(String.valueOf(stored.get(SecretContract.TOKEN_ID)));
      assertThat(first.out()).contains(slot + " ").contains("served=" + stored.get(SecretContract.TOKEN_ID));
    }
    assertThat(env.motherDuck().accountExists("ml_scoring")).isTrue();
    long minted = env.motherDuck().calls(MotherDuckEmulator.CREATE_TOKEN);

    CliRun second = run("reconcile", "--config", config);

    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(env.motherDuck().calls(MotherDuckEmulator.CREATE_TOKEN)).as("nothing due").isEqualTo(minted);
  }

  @Test
  void reconcileExitsOneWhenMotherDuckCannotMint() {
    env.motherDuck().faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.status(403));

    CliRun r = run("reconcile", "--config", config);

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("reconcile: 4 slots, 4 failed").contains("etl_loader/rw FAILED");
    assertThat(env.vault().currentData("motherduck/etl_loader/rw")).isEmpty();
  }

  @Test
  void planShowsServedTokenExpiryNextRotationAndPendingRevocations() throws Exception {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();
    String before = servedId("etl_loader/rw");
    assertThat(run("rotate", "--config", config, "etl_loader/rw").exitCode()).isZero();

    CliRun json = run("plan", "--config", config, "--output", "json");

    assertThat(json.exitCode()).as(json.all()).isZero();
    JsonNode root = JsonMapper.builder().build().readTree(json.out());
    Instant at = Instant.parse(root.get("at").asString());
    Map<String, JsonNode> bySlot = new java.util.HashMap<>();
    root.get("slots").forEach(s -> bySlot.put(s.get("slot").asString(), s));
    assertThat(bySlot).containsOnlyKeys(SLOTS);
    for (String slot : SLOTS) {
      JsonNode s = bySlot.get(slot);
      assertThat(s.get("served_token_id").asString()).as(slot).isEqualTo(servedId(slot));
      Instant expires = Instant.parse(s.get("expires_at").asString());
      Instant next = Instant.parse(s.get("next_rotation").asString());
      assertThat(expires).as(slot).isAfter(at).isBefore(at.plusSeconds(61));
      assertThat(next).as(slot).isBefore(expires);
      assertThat(s.has("error")).isFalse();
    }
    JsonNode pending = bySlot.get("etl_loader/rw").get("pending_revocations");
    assertThat(pending.size()).isEqualTo(1);
    assertThat(pending.get(0).get("token_id").asString()).isEqualTo(before);
    assertThat(Instant.parse(pending.get(0).get("revoke_after").asString())).isAfter(at.minusSeconds(1));
    assertThat(bySlot.get("bi_dashboards/rw").get("pending_revocations").size()).isZero();

    CliRun text = run("plan", "--config", config);

    assertThat(text.exitCode()).as(text.all()).isZero();
    assertThat(text.out()).contains("etl_loader/rw\n  served_token_id: " + servedId("etl_loader/rw"))
        .contains("  pending_revocations: [{").contains(before).contains("  next_rotation: ");
    assertThat(env.motherDuck().isTokenLive(before)).as("plan changes nothing").isTrue();
  }

  @Test
  void planBeforeTheFirstRunSaysItWillCreateTheAccountSetDucklingsAndMint() throws Exception {
    CliRun json = run("plan", "--config", config, "--output", "json");

    assertThat(json.exitCode()).as(json.all()).isZero();
    Map<String, JsonNode> bySlot = new java.util.HashMap<>();
    JsonMapper.builder().build().readTree(json.out()).get("slots").forEach(s -> bySlot.put(s.get("slot").asString(), s));
    JsonNode ml = bySlot.get("ml_scoring/rw"); // ensureExists, unknown to MotherDuck until the first run
    assertThat(ml.has("error")).as(ml.toString()).isFalse();
    assertThat(ml.get("liveness").asString()).isEqualTo("missing");
    assertThat(ml.get("due_now").toString())
        .isEqualTo("[{\"action\":\"create_account\"},{\"action\":\"rotate\",\"reason\":\"served_token_missing_in_vault\"}]");
    assertThat(bySlot.get("bi_dashboards/rw").get("due_now").get(0).get("action").asString())
        .as("the account's first slot applies its Ducklings").isEqualTo("set_ducklings");
    assertThat(bySlot.get("bi_dashboards/rs").get("due_now").get(0).get("action").asString()).isEqualTo("rotate");
    assertThat(env.motherDuck().accountExists("ml_scoring")).as("plan changes nothing").isFalse();
  }

  @Test
  void rotateStoresANewTokenAndKeepsTheOldOneForTheGracePeriod() {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();
    String old = servedId("etl_loader/rw");

    CliRun r = run("rotate", "--config", config, "etl_loader/rw");

    assertThat(r.exitCode()).as(r.all()).isZero();
    String now = servedId("etl_loader/rw");
    assertThat(now).isNotEqualTo(old);
    assertThat(r.out()).contains("etl_loader/rw ").contains("served=" + now);
    assertThat(liveIds("etl_loader")).containsExactlyInAnyOrder(old, now);
  }

  @Test
  void rotateRevokePreviousLeavesOnlyTheNewStoredToken() {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();
    assertThat(run("rotate", "--config", config, "etl_loader/rw").exitCode()).isZero();
    assertThat(liveIds("etl_loader")).hasSize(2);
    Set<String> biBefore = liveIds("bi_dashboards");

    CliRun r = run("rotate", "--config", config, "--revoke-previous", "etl_loader/rw");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(liveIds("etl_loader")).containsExactly(servedId("etl_loader/rw"));
    assertThat(r.out()).contains("revoked=");
    assertThat(liveIds("bi_dashboards")).as("other accounts untouched").isEqualTo(biBefore);
  }

  @Test
  void rotateRevokePreviousRevokesNothingWhenTheNewTokenCannotBeStored() {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();
    String served = servedId("etl_loader/rw");
    env.vault().faults().add("kvWrite", Fault.status(403));

    CliRun r = run("rotate", "--config", config, "--revoke-previous", "etl_loader/rw");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("etl_loader/rw FAILED");
    assertThat(env.motherDuck().isTokenLive(served)).as("the served token survives").isTrue();
    assertThat(servedId("etl_loader/rw")).isEqualTo(served);
  }

  @Test
  void unknownOrMalformedSlotIsExitTwoAndTouchesNothing() {
    CliRun r = run("rotate", "--config", config, "etl_loader/rw", "nobody/rw", "not-a-slot");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).contains("unknown slot 'nobody/rw': not in the policy").contains("not-a-slot");
    assertThat(r.out()).isEmpty();
    assertThat(env.motherDuck().calls(MotherDuckEmulator.CREATE_TOKEN)).isZero();
  }

  @Test
  void invalidConfigOrPolicyIsExitTwoWithFileLineColumn(@TempDir Path dir) throws Exception {
    Path badConfig = dir.resolve("bad.yaml");
    Files.writeString(badConfig, Files.readString(env.configFile()).replace("requestsPerSecond: 50", "requestsPerSecond: lots"));
    for (String cmd : List.of("reconcile", "plan", "rotate")) {
      List<String> args = new ArrayList<>(List.of(cmd, "--config", badConfig.toString()));
      if (cmd.equals("rotate")) {
        args.add("etl_loader/rw");
      }
      CliRun r = run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
      assertThat(r.err()).as(cmd).containsPattern(java.util.regex.Pattern.quote(badConfig.toString()) + ":5:22: motherduck.requestsPerSecond");
    }
    Path policy = env.configFile().resolveSibling("policy.yaml");
    Files.writeString(policy, Files.readString(policy).replace("token_type: read_scaling", "token_type: read_mostly"));

    CliRun r = run("reconcile", "--config", config);

    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(policy.toString()) + ":\\d+:\\d+");
    assertThat(env.motherDuck().calls(MotherDuckEmulator.CREATE_TOKEN)).isZero();
  }

  private Set<String> liveIds(String username) {
    return env.motherDuck().liveTokens(username).stream().map(TokenInfo::id).collect(Collectors.toSet());
  }

  private String servedId(String slot) {
    return String.valueOf(env.vault().currentData("motherduck/" + slot).orElseThrow().get(SecretContract.TOKEN_ID));
  }
}
