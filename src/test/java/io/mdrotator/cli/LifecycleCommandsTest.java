package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.observability.LeakCanary;
import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.rotation.SecretContract;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.LogbackDefaults;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import io.mdrotator.port.KvData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code delete-account} and {@code adopt} through the command line against both emulators on loopback. */
class LifecycleCommandsTest {
  @TempDir Path dir;
  private DemoEnvironment env;
  private String config;
  private Path audit;
  private final List<CliRun> runs = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    audit = dir.resolve("audit.jsonl");
    env = DemoEnvironment.start(0, Optional.of(audit));
    config = env.configFile().toString();
  }

  @AfterEach
  void noSecretInAnyOutput() throws Exception {
    try {
      List<String> secrets = new ArrayList<>(env.motherDuck().issuedSecrets());
      secrets.add(env.vault().rootToken().reveal());
      LeakCanary canary = LeakCanary.watching(secrets);
      runs.forEach(r -> canary.assertNoLeak("cli", r.all()));
      if (Files.exists(audit)) {
        canary.assertNoLeak("audit", Files.readString(audit));
      }
    } finally {
      env.close();
      LogbackDefaults.restore(); // the commands configure the process's logging, as in production
    }
  }

  private CliRun run(String... args) {
    CliRun r = CliRun.of(args);
    runs.add(r);
    return r;
  }

  @Test
  void deleteAccountIsRefusedWhileTheAccountIsInThePolicy() {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();

    CliRun r = run("delete-account", "--config", config, "etl_loader", "--yes");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).contains("refused: account 'etl_loader' is in the policy");
    assertThat(env.motherDuck().accountExists("etl_loader")).isTrue();
    assertThat(env.vault().currentData("motherduck/etl_loader/rw")).isPresent();
  }

  @Test
  void deleteAccountOutOfThePolicyPrintsWithoutYesThenDeletesTheAccountAndItsKeysAudited() throws Exception {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();
    String served = String.valueOf(env.vault().currentData("motherduck/etl_loader/rw").orElseThrow()
        .get(SecretContract.TOKEN_ID));
    removeFromPolicy("etl_loader");

    CliRun dry = run("delete-account", "--config", config, "etl_loader");

    assertThat(dry.exitCode()).as(dry.all()).isEqualTo(1);
    assertThat(dry.out()).contains("would delete account etl_loader (revokes its 1 live tokens: " + served + ")",
        "would soft-delete the latest version of secret/motherduck/etl_loader/rw (secret of slot etl_loader/rw)",
        "would soft-delete the latest version of secret/md-rotator/state/etl_loader/rw (state document)");
    assertThat(dry.err()).contains("pass --yes");
    assertThat(env.motherDuck().accountExists("etl_loader")).isTrue();

    CliRun done = run("delete-account", "--config", config, "etl_loader", "--yes");

    assertThat(done.exitCode()).as(done.all()).isZero();
    assertThat(env.motherDuck().accountExists("etl_loader")).isFalse();
    assertThat(env.motherDuck().isTokenLive(served)).isFalse();
    assertThat(env.vault().currentData("motherduck/etl_loader/rw")).isEmpty();
    assertThat(env.vault().currentData("md-rotator/state/etl_loader/rw")).isEmpty();
    assertThat(env.vault().currentData("motherduck/bi_dashboards/rw")).as("other accounts untouched").isPresent();
    String events = Files.readString(audit);
    assertThat(events).contains("\"command\":\"delete-account\"", "\"event\":\"account_deleted\"",
        "\"path\":\"motherduck/etl_loader/rw\"", "\"path\":\"md-rotator/state/etl_loader/rw\"");

    CliRun again = run("delete-account", "--config", config, "etl_loader", "--slot", "rw", "--yes");
    assertThat(again.exitCode()).as("running again finishes quietly: " + again.all()).isZero();
    assertThat(again.out()).contains("account etl_loader is already deleted in MotherDuck");
  }

  @Test
  void deleteAccountIsDoneOnceThePolicyRetiresTheAccount() throws Exception {
    assertThat(run("reconcile", "--config", config).exitCode()).isZero();
    String served = String.valueOf(env.vault().currentData("motherduck/etl_loader/rw").orElseThrow()
        .get(SecretContract.TOKEN_ID));
    Path policy = env.configFile().resolveSibling("policy.yaml");
    String text = Files.readString(policy);
    Files.writeString(policy, text.replace("  - username: etl_loader\n", "  - username: etl_loader\n    retire: true\n"));
    assertThat(Files.readString(policy)).contains("retire: true");

    CliRun done = run("delete-account", "--config", config, "etl_loader", "--yes");

    assertThat(done.exitCode()).as(done.all()).isZero();
    assertThat(env.motherDuck().accountExists("etl_loader")).isFalse();
    assertThat(env.motherDuck().isTokenLive(served)).isFalse();
    assertThat(env.vault().currentData("motherduck/etl_loader/rw")).isEmpty();
  }

  @Test
  void adoptTakesOverAHandMadeTokenStoredUnderAnotherField() throws Exception {
    IssuedToken handMade = env.motherDuck().seedToken("etl_loader", "made by hand", TokenType.READ_WRITE,
        Optional.of(Duration.ofMinutes(30)));
    VaultKvStore root = VaultKvStore.builder().address(env.vault().address())
        .auth(VaultAuth.token(env.vault().rootToken())).build();
    root.writeCas("teams/etl/motherduck", KvData.builder().putSecret("md_token", handMade.secret()).build(), 0);

    CliRun r = run("adopt", "etl_loader/rw", "--config", config, "--from-vault", "teams/etl/motherduck",
        "--field", "md_token", "--token-id", handMade.info().id());

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("adopted: token " + handMade.info().id(), "copied from secret/teams/etl/motherduck");
    Map<String, Object> served = env.vault().currentData("motherduck/etl_loader/rw").orElseThrow();
    assertThat(served).containsEntry(SecretContract.TOKEN_ID, handMade.info().id());
    assertThat(Secret.of(String.valueOf(served.get(SecretContract.TOKEN)))).isEqualTo(handMade.secret());
    assertThat(env.vault().currentData("teams/etl/motherduck")).as("copied, not moved").isPresent();
    assertThat(Files.readString(audit)).contains("\"event\":\"token_adopted\"", handMade.info().id());
  }

  @Test
  void adoptOfASlotNotInThePolicyIsInvalidInput() {
    CliRun r = run("adopt", "nobody/rw", "--config", config, "--from-vault", "teams/x");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).contains("unknown slot 'nobody/rw'");
  }

  private void removeFromPolicy(String username) throws Exception {
    Path policy = env.configFile().resolveSibling("policy.yaml");
    String text = Files.readString(policy);
    int from = text.indexOf("  - username: " + username);
    int to = text.indexOf("  - username: ", from + 1);
    Files.writeString(policy, text.substring(0, from) + text.substring(to));
  }
}
