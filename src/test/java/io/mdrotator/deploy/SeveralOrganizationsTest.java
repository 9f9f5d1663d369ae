package io.mdrotator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.SlotPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docs/deployment.md "Several MotherDuck organizations": its config and policy load with the real
 * loaders and keep the organization's Vault prefix, state prefix, port and audit file; the audit file
 * is writable under the template's instance; its Vault command derives a policy that grants the
 * shipped capabilities on the organization's prefixes only; its scrape config labels each target.
 */
class SeveralOrganizationsTest {
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");
  private static final Pattern GRANT =
      Pattern.compile("(?m)^path\\s+\"([^\"]+)\"\\s*\\{\\s*capabilities\\s*=\\s*\\[([^\\]]*)\\]\\s*\\}");
  private static final List<String[]> blocks = new ArrayList<>();

  @BeforeAll
  static void readSection() throws Exception {
    String doc = Files.readString(Path.of("docs/deployment.md"));
    int start = doc.indexOf("\n## 8. Several MotherDuck organizations\n");
    assertThat(start).isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    Matcher m = BLOCK.matcher(doc.substring(start, end < 0 ? doc.length() : end));
    while (m.find()) {
      blocks.add(new String[] {m.group(1), m.group(2)});
    }
  }

  static String block(String lang, int index) {
    List<String> of = blocks.stream().filter(b -> b[0].equals(lang)).map(b -> b[1]).toList();
    assertThat(of.size()).as(lang + " blocks in the section").isGreaterThan(index);
    return of.get(index);
  }

  @Test
  void configAndPolicyKeepTheOrganizationApart(@TempDir Path dir) throws Exception {
    Path orgDir = Files.createDirectories(dir.resolve("etc/md-rotator/staging"));
    Path configFile = Files.writeString(orgDir.resolve("md-rotator.yaml"), block("yaml", 0));
    Files.writeString(orgDir.resolve("policy.yaml"), block("yaml", 1));

    DaemonConfig config = ConfigLoader.load(configFile);
    assertThat(config.vault().statePath()).isEqualTo("md-rotator/state/staging");
    assertThat(config.metrics().port()).isEqualTo(9465);
    Path audit = config.logging().auditFile().orElseThrow();
    assertThat(audit).isEqualTo(Path.of("/var/log/md-rotator/staging/audit.jsonl"));
    assertThat(config.policyFile()).isEqualTo(orgDir.resolve("policy.yaml"));

    Policy policy = new PolicyLoader().loadOrThrow(config.policyFile(), config.policyLoadOptions());
    assertThat(policy.slots()).isNotEmpty();
    assertThat(policy.slots()).extracting(SlotPolicy::vaultPath).allSatisfy(p -> assertThat(p).startsWith("motherduck/staging/"));

    List<String> staging = Files.readAllLines(Path.of("systemd/md-rotator@.service"), StandardCharsets.UTF_8)
        .stream().map(l -> l.replace("%i", "staging")).toList();
    assertThat(SystemdSandbox.parse(staging).canWrite(audit)).as("audit file writable by md-rotator@staging").isTrue();
    assertThat(SystemdSandbox.parse(staging).value("ExecStart"))
        .endsWith(" run --config /etc/md-rotator/staging/md-rotator.yaml");
  }

  @Test
  void perOrganizationVaultPolicyGrantsTheShippedCapabilitiesOnItsPrefixesOnly() throws Exception {
    String sh = block("sh", 0);
    Matcher sed = Pattern.compile("(?s)(sed -e .*?config/vault/md-rotator\\.hcl)").matcher(sh);
    assertThat(sed.find()).as("the sed command in the section").isTrue();
    assertThat(sh).contains("org=staging");
    Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail; org=staging; " + sed.group(1)).start();
    String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();

    Map<String, String> expected = new LinkedHashMap<>();
    grants(Files.readString(Path.of("config/vault/md-rotator.hcl"))).forEach((path, caps) -> expected.put(
        path.replace("/motherduck/*", "/motherduck/staging/*").replace("/md-rotator/state/*", "/md-rotator/state/staging/*"), caps));
    assertThat(expected).containsKeys("secret/data/motherduck/staging/*", "secret/data/md-rotator/state/staging/*",
        "auth/token/renew-self");
    assertThat(grants(derived)).containsExactlyEntriesOf(expected);
    assertThat(sh).contains("vault policy write \"md-rotator-$org\" -", "token_policies=\"md-rotator-$org\"",
        "token_no_default_policy=true");
  }

  @Test
  void scrapeConfigLabelsEachOrganizationsTargetInTheAlertedJob() throws Exception {
    JsonNode scrape = YAMLMapper.builder().build().readTree(block("yaml", 2)).path("scrape_configs");
    assertThat(scrape).hasSize(1);
    assertThat(scrape.get(0).path("job_name").asString()).isEqualTo("md-rotator");
    Map<String, String> orgByTarget = new LinkedHashMap<>();
    for (JsonNode sc : scrape.get(0).path("static_configs")) {
      for (JsonNode t : sc.path("targets")) {
        orgByTarget.put(t.asString(), sc.path("labels").path("org").asString());
      }
    }
    assertThat(orgByTarget).containsExactly(Map.entry("127.0.0.1:9464", "prod"), Map.entry("127.0.0.1:9465", "staging"));
    assertThat(Files.readString(Path.of("config/prometheus/md-rotator-alerts.yaml"))).contains("up{job=\"md-rotator\"}");
  }

  private static Map<String, String> grants(String hcl) {
    Map<String, String> grants = new LinkedHashMap<>();
    Matcher m = GRANT.matcher(hcl);
    while (m.find()) {
      grants.put(m.group(1), m.group(2).replaceAll("\\s", ""));
    }
    return grants;
  }
}
