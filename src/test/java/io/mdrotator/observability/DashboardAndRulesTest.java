package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Every metric the dashboard, the alert rules and the operations guide name exists in a real scrape. */
class DashboardAndRulesTest {
  private static final Path BASE = Path.of("").toAbsolutePath();
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:mdrotator|jvm|process|system)_[a-z0-9_]+)\\b");
  private static Set<String> scraped;

  @BeforeAll
  static void scrape() throws Exception {
    scraped = new TreeSet<>();
    for (String line : RealisticScrape.fetch("text/plain").split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        scraped.add(line.split("[{ ]", 2)[0]);
      }
    }
  }

  static List<String> dashboardExprs() throws Exception {
    JsonNode dash = JsonMapper.builder().build().readTree(BASE.resolve("config/grafana/md-rotator-dashboard.json").toFile());
    List<String> exprs = new ArrayList<>();
    collect(dash, "expr", exprs);
    return exprs;
  }

  static List<String> ruleExprs() throws Exception {
    JsonNode rules = YAMLMapper.builder().build().readTree(BASE.resolve("config/prometheus/md-rotator-alerts.yaml").toFile());
    List<String> exprs = new ArrayList<>();
    collect(rules, "expr", exprs);
    return exprs;
  }

  private static void collect(JsonNode node, String field, List<String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals(field) && e.getValue().isString()) {
          out.add(e.getValue().asString());
        } else {
          collect(e.getValue(), field, out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, field, out));
    }
  }

  private static Set<String> named(List<String> texts) {
    Set<String> names = new TreeSet<>();
    for (String t : texts) {
      Matcher m = METRIC.matcher(t);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void dashboardNamesOnlyScrapedMetrics() throws Exception {
    List<String> exprs = dashboardExprs();
    assertThat(exprs).hasSizeGreaterThan(20);
    Set<String> names = named(exprs);
    assertThat(names).contains("mdrotator_token_expiry_timestamp_seconds", "mdrotator_rotations_total",
        "mdrotator_revocations_total", "mdrotator_api_request_duration_seconds_bucket", "mdrotator_policy_reloads_total");
    assertThat(scraped).containsAll(names);
  }

  @Test
  void alertRulesNameOnlyScrapedMetrics() throws Exception {
    Set<String> names = named(ruleExprs());
    assertThat(names).hasSizeGreaterThan(10);
    assertThat(scraped).containsAll(names);
  }

  @Test
  void operationsGuideDocumentsEveryMdRotatorFamily() throws Exception {
    String guide = Files.readString(BASE.resolve("docs/operations.md"));
    Set<String> families = new TreeSet<>();
    for (String name : scraped) {
      if (name.startsWith("mdrotator_")) {
        families.add(name.replaceAll("_(bucket|count|sum|max)$", ""));
      }
    }
    assertThat(families).allSatisfy(f -> assertThat(guide).as("docs/operations.md mentions " + f).contains(f));
    for (String alert : ruleFields("alert")) {
      assertThat(guide).as("docs/operations.md explains " + alert).contains(alert);
    }
    List<String> runbooks = ruleFields("runbook_url");
    assertThat(runbooks).as("every alert has a runbook_url").hasSameSizeAs(ruleFields("alert"));
    for (String runbook : runbooks) {
      assertThat(runbook).startsWith("https://github.com/ORG/md-rotator/blob/main/docs/operations.md#");
      String anchor = runbook.substring(runbook.indexOf('#') + 1);
      assertThat(guide.toLowerCase()).as("runbook heading for " + runbook).contains("### " + anchor + "\n");
    }
  }

  private static List<String> ruleFields(String field) throws Exception {
    JsonNode rules = YAMLMapper.builder().build().readTree(BASE.resolve("config/prometheus/md-rotator-alerts.yaml").toFile());
    List<String> values = new ArrayList<>();
    collect(rules, field, values);
    return values;
  }

  /** The dashboard's PromQL parses: promtool checks it wrapped in recording rules. */
  @Test
  void dashboardPromqlParses(@TempDir Path dir) throws Exception {
    Path promtool = Promtool.require("promtool");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> exprs = dashboardExprs();
    for (int i = 0; i < exprs.size(); i++) {
      String e = exprs.get(i).replace("$__rate_interval", "5m").replace("$account", ".*");
      rules.append("      - record: dashboard:expr_").append(i).append("\n        expr: '")
          .append(e.replace("'", "''")).append("'\n");
    }
    Path file = dir.resolve("dashboard-rules.yaml");
    Files.writeString(file, rules);
    Promtool.Result r = Promtool.run(null, BASE, promtool.toString(), "check", "rules", file.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
  }
}
