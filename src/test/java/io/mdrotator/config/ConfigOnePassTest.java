package io.mdrotator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.document.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon configuration: every problem in one pass, impossible durations and bad
 * credential names as located errors, missing secret files caught by {@code validate}'s check, and
 * a policy given as config recognised.
 */
class ConfigOnePassTest {
  static final Path FILE = Path.of("/etc/md-rotator/md-rotator.yaml");
  @TempDir Path dir;

  static List<String> problems(ConfigCheck c) {
    return c.problems().stream().map(Problem::format).toList();
  }

  static ConfigCheck check(String yaml) {
    return ConfigLoader.check(FILE, yaml, false);
  }

  static String config(String motherduckExtra, String vaultExtra) {
    return "policyFile: policy.yaml\nmotherduck:\n  adminToken: {env: MD_TOKEN}\n" + motherduckExtra
        + "vault:\n  address: http://127.0.0.1:8200\n  auth:\n    method: token\n    token: {env: VAULT_TOKEN}\n"
        + vaultExtra;
  }

  @Test
  void schemaAndResolverProblemsComeTogether() {
    ConfigCheck c = check(config("  requestTimout: 5s\n", "metrics:\n  listen: 127.0.0.1:70000\n"));
    assertThat(c.isValid()).isFalse();
    assertThat(problems(c)).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:4:3: unknown key 'requestTimout' in motherduck (did you mean 'requestTimeout'?)",
        "/etc/md-rotator/md-rotator.yaml:11:11: metrics.listen: port 70000 is outside 1..65535");
  }

  @Test
  void zeroTimeoutsAndIntervalsAreErrors() {
    ConfigCheck c = check(config("  requestTimeout: 0s\n", "  readTimeout: 0m\nscheduler:\n  resyncInterval: 0h\n"));
    assertThat(problems(c)).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:4:19: motherduck.requestTimeout: must be longer than 0s, was 0s",
        "/etc/md-rotator/md-rotator.yaml:10:16: vault.readTimeout: must be longer than 0s, was 0m",
        "/etc/md-rotator/md-rotator.yaml:12:19: scheduler.resyncInterval: must be longer than 0s, was 0h");
    // plan, run and the other commands load the config the same way: a located error, no stack trace later.
    assertThatThrownBy(() -> ConfigLoader.load(FILE, config("  requestTimeout: 0s\n", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/md-rotator/md-rotator.yaml:4:19: motherduck.requestTimeout: must be longer than 0s, was 0s");
  }

  @Test
  void dotAndDotDotAreNotCredentialNames() {
    for (String name : List.of(".", "..")) {
      ConfigCheck c = check(config("", "").replace("{env: MD_TOKEN}", "{credential: \"" + name + "\"}"));
      assertThat(problems(c)).as(name).containsExactly("/etc/md-rotator/md-rotator.yaml:3:28: motherduck.adminToken."
          + "credential: must be a systemd credential name (a file name: no /, not . or ..)");
    }
    assertThat(check(config("", "").replace("{env: MD_TOKEN}", "{credential: md.admin}")).isValid()).isTrue();
  }

  @Test
  void aMissingSecretFileIsAnErrorForValidate() throws IOException {
    Path cfg = dir.resolve("md-rotator.yaml");
    Files.writeString(cfg, config("", "").replace("{env: VAULT_TOKEN}", "{file: vault-token}")
        .replace("{env: MD_TOKEN}", "{file: admin-token}"));
    Files.writeString(dir.resolve("admin-token"), "x\n");
    ConfigCheck c = ConfigLoader.check(cfg, true);
    assertThat(problems(c)).containsExactly(
        cfg + ":8:19: vault.auth.token.file: " + dir.resolve("vault-token") + " does not exist");
    assertThat(ConfigLoader.check(cfg, false).isValid()).isTrue();
    Files.createDirectory(dir.resolve("vault-token"));
    assertThat(problems(ConfigLoader.check(cfg, true))).containsExactly(
        cfg + ":8:19: vault.auth.token.file: " + dir.resolve("vault-token") + " is not a regular file");
  }

  @Test
  void thePolicyIsFoundEvenWhenTheConfigIsInvalid() {
    ConfigCheck c = check(config("  allowShortTtl: true\n  requestTimeout: 0s\n", ""));
    assertThat(c.isValid()).isFalse();
    assertThat(c.policyFile()).contains(Path.of("/etc/md-rotator/policy.yaml"));
    assertThat(c.policyOptions().minimumTtl()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aPolicyGivenAsConfigIsRecognisedInsteadOfListingEveryKeyAsWrong() {
    ConfigCheck c = check("# policy\nversion: 1\naccounts:\n  - username: etl\n    slots: []\n");
    assertThat(problems(c)).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:2:1: this looks like a policy file (version, accounts), not a daemon"
            + " configuration; check a policy with: md-rotator validate --policy /etc/md-rotator/md-rotator.yaml");
    assertThat(c.policyFile()).isEmpty();
  }

  @Test
  void aNumberNoSettingCanHoldIsALocatedErrorNotACrash() {
    ConfigCheck c = check(config("  requestsPerSecond: 1E+999\n", ""));
    assertThat(c.isValid()).isFalse();
    assertThat(problems(c)).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:4:22: motherduck.requestsPerSecond: number out of range");
  }
}
