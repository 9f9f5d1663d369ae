package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} through the real {@link Main}: problems on stderr (like {@code plan}'s config
 * errors), the OK summary on stdout, exit 2 on errors; these tests pin both streams.
 */
class ValidateCommandTest {
  static final String NL = System.lineSeparator();
  @TempDir Path dir;

  Path config(String policy, String extraConfig) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), policy);
    Path cfg = dir.resolve("md-rotator.yaml");
    Files.writeString(cfg, "policyFile: policy.yaml\nmotherduck:\n  adminToken: {env: MD_TOKEN}\n" + extraConfig
        + "vault:\n  address: http://127.0.0.1:8200\n  auth:\n    method: token\n    token: {env: VAULT_TOKEN}\n");
    return cfg;
  }

  Path policy() {
    return dir.resolve("policy.yaml");
  }

  static final String CLEAN = "version: 1\naccounts:\n  - username: etl\n    slots:\n      - {name: rw, token_type: read_write}\n";
  static final String LINTY = "version: 1\naccounts:\n  - username: etl\n    slots:\n      - {name: rs, token_type: read_scaling}\n";

  @Test
  void shippedExamplesValidate() {
    CliRun r = CliRun.of("validate", "--config", "config/md-rotator.example.yaml", "--strict");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("3 accounts, 4 slots, 0 warnings");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void cleanFilesExitZeroWithSummaryOnStdout() throws IOException {
    Path cfg = config(CLEAN, "");
    CliRun r = CliRun.of("validate", "--config", cfg.toString());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("OK: " + cfg + ", " + policy() + ": 1 accounts, 1 slots, 0 warnings" + NL);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void everyPolicyProblemIsPrintedOnStderrWithLocationAndExitIsTwo() throws IOException {
    Path cfg = config("version: 1\naccounts:\n  - username: etl\n    tagets: 1\n    slots:\n"
        + "      - name: rw\n        token_type: rw\n", "");
    CliRun r = CliRun.of("validate", "--config", cfg.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).containsExactly(
        policy() + ":4:5: unknown key 'tagets' in accounts[0]",
        policy() + ":7:21: accounts[0].slots[0].token_type: does not have a value in the enumeration [\"read_write\", \"read_scaling\"]");
  }

  @Test
  void configAndPolicyProblemsComeInOneRun() throws IOException {
    String policy = "version: 1\naccounts:\n  - username: etl\n    slots:\n"
        + "      - {name: rw, token_type: read_write, ttl: 2d, renewBefore: 2d}\n"
        + "      - {name: rw, token_type: read_write, tll: 1d}\n";
    Path cfg = config(policy, "  requestTimeout: 0s\n  allowShortTtl: maybe\n");
    CliRun r = CliRun.of("validate", "--config", cfg.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).containsExactly(
        cfg + ":4:19: motherduck.requestTimeout: must be longer than 0s, was 0s",
        cfg + ":5:18: motherduck.allowShortTtl: string found, boolean expected",
        policy() + ":5:66: accounts[0].slots[0] (etl/rw): renewBefore 2d >= ttl 2d: every new token would already be"
            + " due and rotation would loop; make renewBefore shorter than ttl",
        policy() + ":6:16: accounts[0].slots[1].name: slot 'rw' is defined twice in account 'etl'",
        policy() + ":6:44: unknown key 'tll' in accounts[0].slots[1] (did you mean 'ttl'?)");
  }

  @Test
  void aTabIsReportedWhereItIsWithTheParserReason() throws IOException {
    Files.writeString(policy(), CLEAN.replace("      - {name", "\t- {name"));
    CliRun r = CliRun.of("validate", "--policy", policy().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(policy() + ":5:1: invalid YAML: found character '\\t(TAB)' that"
        + " cannot start any token. (Do not use \\t(TAB) for indentation) (while scanning for the next token)");
  }

  @Test
  void aPolicyIsValidatedAloneWithPolicy() throws IOException {
    Files.writeString(policy(), LINTY);
    CliRun r = CliRun.of("validate", "--policy", policy().toString());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("OK: " + policy() + ": 1 accounts, 1 slots, 1 warnings" + NL);
    assertThat(r.err()).startsWith(policy() + ":5:32: warning: accounts[0].slots[0]: read_scaling slot 'rs'");
    CliRun strict = CliRun.of("validate", "--policy", policy().toString(), "--strict");
    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err()).startsWith(policy() + ":5:32: accounts[0].slots[0]: read_scaling slot 'rs'");
  }

  @Test
  void aPolicyGivenAsConfigGetsTheHint() throws IOException {
    Files.writeString(policy(), CLEAN);
    CliRun r = CliRun.of("validate", "--config", policy().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(policy() + ":1:1: this looks like a policy file (version, accounts),"
        + " not a daemon configuration; check a policy with: md-rotator validate --policy " + policy());
  }

  @Test
  void configAndPolicyTogetherIsAUsageError() throws IOException {
    Path cfg = config(CLEAN, "");
    CliRun r = CliRun.of("validate", "--config", cfg.toString(), "--policy", policy().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("md-rotator: Error: --config=FILE, --policy=FILE are mutually exclusive");
  }

  @Test
  void aMissingSecretFileAndABadCredentialNameAreErrorsNotOkOrACrash() throws IOException {
    Path cfg = config(CLEAN, "");
    Files.writeString(cfg, Files.readString(cfg).replace("{env: MD_TOKEN}", "{file: admin-token}")
        .replace("{env: VAULT_TOKEN}", "{credential: \"..\"}"));
    CliRun r = CliRun.of("validate", "--config", cfg.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(
        cfg + ":3:22: motherduck.adminToken.file: " + dir.resolve("admin-token") + " does not exist",
        cfg + ":8:25: vault.auth.token.credential: must be a systemd credential name (a file name: no /, not . or ..)");
  }

  @Test
  void secretFilesCanBeLeftUncheckedForAConfigCheckedAwayFromItsHost() throws IOException {
    Path cfg = config(CLEAN, "");
    Files.writeString(cfg, Files.readString(cfg).replace("{env: MD_TOKEN}", "{file: /run/secrets/md/admin-token}"));
    assertThat(CliRun.of("validate", "--config", cfg.toString()).err().lines()).containsExactly(
        cfg + ":3:22: motherduck.adminToken.file: /run/secrets/md/admin-token does not exist");
    CliRun r = CliRun.of("validate", "--config", cfg.toString(), "--skip-secret-files");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void shortTtlNeedsAllowShortTtlInTheConfig() throws IOException {
    String shortTtl = CLEAN.replace("read_write}", "read_write, ttl: 30s, renewBefore: 50%, gracePeriod: 1s}");
    CliRun r = CliRun.of("validate", "--config", config(shortTtl, "").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("ttl 30s is shorter than the minimum 5m");
    assertThat(CliRun.of("validate", "--config", config(shortTtl, "  allowShortTtl: true\n").toString()).exitCode())
        .isZero();
  }

  @Test
  void helpSaysWhereEachStreamGoes() {
    CliRun r = CliRun.of("validate", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Problems go to stderr").contains("the summary (OK: ...) goes to stdout")
        .contains("--policy=FILE");
  }
}
