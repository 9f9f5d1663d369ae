package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();

  int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }

  Path config(String policy, String extraConfig) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), policy);
    Path cfg = dir.resolve("md-rotator.yaml");
    Files.writeString(cfg, "policyFile: policy.yaml\nmotherduck:\n  adminToken: {env: MD_TOKEN}\n" + extraConfig
        + "vault:\n  address: http://127.0.0.1:8200\n  auth:\n    method: token\n    token: {env: VAULT_TOKEN}\n");
    return cfg;
  }

  static final String CLEAN = "version: 1\naccounts:\n  - username: etl\n    slots:\n      - {name: rw, token_type: read_write}\n";
  static final String LINTY = "version: 1\naccounts:\n  - username: etl\n    slots:\n      - {name: rs, token_type: read_scaling}\n";

  @Test
  void shippedExamplesValidate() {
    assertThat(run("validate", "--config", "config/md-rotator.example.yaml", "--strict")).isZero();
    assertThat(out.toString()).contains("3 accounts, 4 slots, 0 warnings");
  }

  @Test
  void cleanFilesExitZeroWithSummary() throws IOException {
    Path cfg = config(CLEAN, "");
    assertThat(run("validate", "--config", cfg.toString())).isZero();
    assertThat(out.toString()).isEqualTo("OK: " + cfg + ", " + dir.resolve("policy.yaml")
        + ": 1 accounts, 1 slots, 0 warnings" + System.lineSeparator());
  }

  @Test
  void everyPolicyProblemIsPrintedWithLocationAndExitIsTwo() throws IOException {
    Path cfg = config("version: 1\naccounts:\n  - username: etl\n    tagets: 1\n    slots:\n"
        + "      - name: rw\n        token_type: rw\n", "");
    assertThat(run("validate", "--config", cfg.toString())).isEqualTo(2);
    Path policy = dir.resolve("policy.yaml");
    assertThat(out.toString().lines()).containsExactly(
        policy + ":4:5: unknown key 'tagets' in accounts[0]",
        policy + ":7:21: accounts[0].slots[0].token_type: does not have a value in the enumeration [\"read_write\", \"read_scaling\"]");
  }

  @Test
  void configProblemsArePrintedAndExitIsTwo() throws IOException {
    Path cfg = config(CLEAN, "  allowShortTtl: maybe\n");
    assertThat(run("validate", "--config", cfg.toString())).isEqualTo(2);
    assertThat(out.toString()).startsWith(cfg + ":4:18: motherduck.allowShortTtl: ");
  }

  @Test
  void warningsPassUnlessStrict() throws IOException {
    Path cfg = config(LINTY, "");
    Path policy = dir.resolve("policy.yaml");
    assertThat(run("validate", "--config", cfg.toString())).isZero();
    assertThat(out.toString().lines()).hasSize(2).first().asString()
        .startsWith(policy + ":5:32: warning: accounts[0].slots[0]: read_scaling slot 'rs'");
    assertThat(out.toString()).contains("1 accounts, 1 slots, 1 warnings");
    out.getBuffer().setLength(0);
    assertThat(run("validate", "--config", cfg.toString(), "--strict")).isEqualTo(2);
    assertThat(out.toString().lines()).singleElement().asString()
        .startsWith(policy + ":5:32: accounts[0].slots[0]: read_scaling slot 'rs'");
  }

  @Test
  void shortTtlNeedsAllowShortTtlInTheConfig() throws IOException {
    String shortTtl = CLEAN.replace("read_write}", "read_write, ttl: 30s, renewBefore: 50%, gracePeriod: 1s}");
    assertThat(run("validate", "--config", config(shortTtl, "").toString())).isEqualTo(2);
    out.getBuffer().setLength(0);
    assertThat(run("validate", "--config", config(shortTtl, "  allowShortTtl: true\n").toString())).isZero();
  }
}
