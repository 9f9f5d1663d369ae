package io.mdrotator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.config.DaemonConfig.VaultAuth;
import io.mdrotator.document.Problem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  static final Path FILE = Path.of("/etc/md-rotator/md-rotator.yaml");
  static final String MINIMAL = "policyFile: policy.yaml\nmotherduck:\n  adminToken: {env: MD_TOKEN}\n"
      + "vault:\n  address: http://127.0.0.1:8200\n  auth:\n    method: token\n    token: {file: vault-token}\n";

  static List<String> problems(String yaml) {
    try {
      ConfigLoader.load(FILE, yaml);
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::format).toList();
    }
    throw new AssertionError("expected problems");
  }

  @Test
  void exampleLoads() throws Exception {
    DaemonConfig c = ConfigLoader.load(Path.of("config/md-rotator.example.yaml"));
    assertThat(c.policyFile()).isEqualTo(Path.of("config/policy.example.yaml").toAbsolutePath());
    assertThat(c.motherDuck().adminToken()).isEqualTo(new SecretSource.Credential("motherduck-admin-token"));
    assertThat(c.vault().auth()).isInstanceOf(VaultAuth.AppRole.class);
    assertThat(c.logging().format()).isEqualTo(DaemonConfig.Logging.Format.JSON);
    assertThat(c.policyLoadOptions().minimumTtl()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void defaultsAndRelativePaths() throws Exception {
    DaemonConfig c = ConfigLoader.load(FILE, MINIMAL);
    assertThat(c.policyFile()).isEqualTo(Path.of("/etc/md-rotator/policy.yaml"));
    assertThat(c.motherDuck().apiUrl()).isEqualTo(URI.create("https://api.motherduck.com"));
    assertThat(c.motherDuck().requestsPerSecond()).isEqualTo(5.0);
    assertThat(c.motherDuck().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.motherDuck().allowShortTtl()).isFalse();
    assertThat(c.vault().mount()).isEqualTo("secret");
    assertThat(c.vault().statePath()).isEqualTo("md-rotator/state");
    assertThat(c.vault().auth()).isEqualTo(new VaultAuth.Token(new SecretSource.File(Path.of("/etc/md-rotator/vault-token"))));
    assertThat(c.metrics()).isEqualTo(new DaemonConfig.Metrics("127.0.0.1", 9464));
    assertThat(c.scheduler().store()).isEqualTo(DaemonConfig.Scheduler.Store.MEMORY);
    assertThat(c.scheduler().threads()).isEqualTo(4);
    assertThat(c.logging().format()).isEqualTo(DaemonConfig.Logging.Format.CONSOLE);
  }

  @Test
  void allowShortTtlLowersThePolicyMinimum() throws Exception {
    DaemonConfig c = ConfigLoader.load(FILE, MINIMAL.replace("{env: MD_TOKEN}\n", "{env: MD_TOKEN}\n  allowShortTtl: true\n"));
    assertThat(c.policyLoadOptions().minimumTtl()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void inlineSecretIsAnErrorWithLocationAndNoValue() {
    List<String> ps = problems(MINIMAL.replace("{env: MD_TOKEN}", "eyJhbGciOiJIUzI1NiJ9.secret"));
    assertThat(ps).containsExactly("/etc/md-rotator/md-rotator.yaml:3:15: motherduck.adminToken: inline secrets are not"
        + " allowed; reference it as {file: PATH}, {env: NAME} or {credential: NAME}");
    assertThat(String.join("\n", ps)).doesNotContain("eyJ");
  }

  @Test
  void inlineVaultTokenIsAnError() {
    assertThat(problems(MINIMAL.replace("{file: vault-token}", "hvs.CAESIsecret")))
        .singleElement().asString().startsWith("/etc/md-rotator/md-rotator.yaml:8:12: vault.auth.token: inline secrets");
  }

  @Test
  void secretReferenceNeedsExactlyOneSource() {
    assertThat(problems(MINIMAL.replace("{env: MD_TOKEN}", "{env: A, file: b}")))
        .singleElement().asString().startsWith("/etc/md-rotator/md-rotator.yaml:3:15: motherduck.adminToken: ");
  }

  @Test
  void unknownKeyAndMissingRequired() {
    assertThat(problems(MINIMAL.replace("policyFile", "polcyFile"))).containsExactlyInAnyOrder(
        "/etc/md-rotator/md-rotator.yaml:1:1: (root): missing required key 'policyFile'",
        "/etc/md-rotator/md-rotator.yaml:1:1: unknown key 'polcyFile' in (root) (did you mean 'policyFile'?)");
  }

  @Test
  void authFieldsMustMatchTheMethod() {
    assertThat(problems(MINIMAL.replace("    token: {file: vault-token}\n", "    token: {file: t}\n    role: r\n")))
        .containsExactly("/etc/md-rotator/md-rotator.yaml:9:5: vault.auth.role: does not apply to auth method 'token' (allowed: [token])");
    assertThat(problems(MINIMAL.replace("method: token", "method: approle")))
        .contains("/etc/md-rotator/md-rotator.yaml:7:5: vault.auth: missing required key 'roleId'",
            "/etc/md-rotator/md-rotator.yaml:7:5: vault.auth: missing required key 'secretId'",
            "/etc/md-rotator/md-rotator.yaml:8:5: vault.auth.token: does not apply to auth method 'approle' (allowed: [roleId, secretId, path])");
  }

  @Test
  void jdbcStoreNeedsJdbcSettings() {
    assertThat(problems(MINIMAL + "scheduler:\n  store: jdbc\n"))
        .singleElement().asString().isEqualTo("/etc/md-rotator/md-rotator.yaml:10:3: scheduler: missing required key 'jdbc'");
  }

  @Test
  void metricsPortRange() {
    assertThat(problems(MINIMAL + "metrics:\n  listen: 0.0.0.0:99999\n"))
        .containsExactly("/etc/md-rotator/md-rotator.yaml:10:11: metrics.listen: port 99999 is outside 1..65535");
  }

  @Test
  void unreadableFileIsAConfigException() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/x.yaml"))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/nonexistent/x.yaml:1:1: cannot read config file");
  }

  @Test
  void tlsClientCertNeedsKey() {
    assertThat(problems(MINIMAL + "  tls:\n    clientCert: c.pem\n")).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:10:5: vault.tls: clientCert and clientKey must be given together");
  }

  @Test
  void jdbcSettingsWithMemoryStoreAreAnError() {
    assertThat(problems(MINIMAL + "scheduler:\n  jdbc:\n    url: jdbc:postgresql://db/x\n")).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:11:5: scheduler.jdbc: given but scheduler.store is memory (set store: jdbc or remove it)");
  }

  @Test
  void badUrlAndDurationExplainTheExpectedFormat() {
    assertThat(problems(MINIMAL.replace("http://127.0.0.1:8200", "vault:8200") + "scheduler:\n  resyncInterval: 10 minutes\n"))
        .containsExactly(
            "/etc/md-rotator/md-rotator.yaml:5:12: vault.address: must be an http:// or https:// URL",
            "/etc/md-rotator/md-rotator.yaml:10:19: scheduler.resyncInterval: must be a duration such as 30s, 5m or 1h30m");
  }

  @Test
  void yamlSyntaxErrorsDoNotEchoAnInlineSecret() {
    // Each error is at the offending character (the parser's problem mark), or at the opening
    // quote when the input ends inside a string.
    Map<String, String> cases = Map.of(
        "  adminToken: \"eyJsecretvalue\n", "/etc/md-rotator/md-rotator.yaml:3:15: ",
        "  adminToken: eyJsecretvalue: x: y\n", "/etc/md-rotator/md-rotator.yaml:3:29: ",
        "  adminToken: eyJsecretvalue\n  - x\n", "/etc/md-rotator/md-rotator.yaml:4:3: ");
    cases.forEach((broken, at) -> {
      List<String> ps = problems("policyFile: p.yaml\nmotherduck:\n" + broken);
      assertThat(ps).singleElement().asString().startsWith(at).doesNotContain("eyJ");
    });
  }

  @Test
  void toStringOfAConfigShowsSourcesNotSecrets() throws Exception {
    DaemonConfig c = ConfigLoader.load(FILE, MINIMAL);
    assertThat(c.toString()).contains("Env[name=MD_TOKEN]");
  }
}
