package io.mdrotator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** scripts/render-alerts.sh sets the runbook base of every alert and nothing else. */
class RunbookUrlTest {
  private static final Path BASE = Path.of("").toAbsolutePath();
  private static final String SHIPPED = "https://github.com/ORG/md-rotator/blob/main/docs/operations.md";
  private static final Path ALERTS = BASE.resolve("config/prometheus/md-rotator-alerts.yaml");
  private static final Path RULE = BASE.resolve("config/kubernetes/base/prometheusrule.yaml");

  record Run(int exit, String stdout, String stderr) {}

  static Run render(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", BASE.resolve("scripts/render-alerts.sh").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread t = new Thread(() -> { try { p.getErrorStream().transferTo(err); } catch (Exception ignored) { } });
    t.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    t.join();
    return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
  }

  /** alert name -> runbook_url, in file order, from the rules' YAML tree. */
  static List<String[]> runbooks(JsonNode groups) {
    List<String[]> out = new ArrayList<>();
    for (JsonNode g : groups) {
      for (JsonNode r : g.path("rules")) {
        out.add(new String[] {r.path("alert").asString(), r.path("annotations").path("runbook_url").asString()});
      }
    }
    return out;
  }

  static List<String> anchors() throws Exception {
    List<String> anchors = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^### (\\S+)$").matcher(Files.readString(BASE.resolve("docs/operations.md")));
    while (m.find()) {
      anchors.add(m.group(1).toLowerCase());
    }
    return anchors;
  }

  @Test
  void shippedRulesPointAtTheirSectionUnderThePlaceholderBase() throws Exception {
    List<String[]> rules = runbooks(YAMLMapper.builder().build().readTree(ALERTS.toFile()).path("groups"));
    assertThat(rules).hasSize(18);
    List<String> anchors = anchors();
    for (String[] r : rules) {
      assertThat(r[1]).as(r[0]).startsWith(SHIPPED + "#");
      String anchor = r[1].substring(SHIPPED.length() + 1);
      assertThat(anchors).as("section for " + r[0]).contains(anchor);
      // An alert points at its own section, or (a sibling's variant) at the section that names it.
      if (!anchor.equals(r[0].toLowerCase())) {
        assertThat(Files.readString(BASE.resolve("docs/operations.md"))).contains("`" + r[0] + "`");
      }
    }
  }

  @Test
  void renderReplacesOnlyTheBase() throws Exception {
    String base = "https://wiki.example.com/sre/a&b|c/operations.html";
    Run run = render("--runbook-base", base + "/");
    assertThat(run.exit()).as(run.stderr()).isZero();
    String shipped = Files.readString(ALERTS);
    assertThat(run.stdout()).isEqualTo(shipped.replace("runbook_url: \"" + SHIPPED + "#", "runbook_url: \"" + base + "#"));
    List<String[]> before = runbooks(YAMLMapper.builder().build().readTree(shipped).path("groups"));
    List<String[]> after = runbooks(YAMLMapper.builder().build().readTree(run.stdout()).path("groups"));
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)[0]).isEqualTo(before.get(i)[0]);
      assertThat(after.get(i)[1]).isEqualTo(base + before.get(i)[1].substring(SHIPPED.length()));
    }
  }

  @Test
  void renderWorksOnThePrometheusRule() throws Exception {
    Run run = render("--runbook-base", "https://runbooks.example.org/md-rotator", "--in", RULE.toString());
    assertThat(run.exit()).as(run.stderr()).isZero();
    JsonNode rule = YAMLMapper.builder().build().readTree(run.stdout());
    assertThat(rule.path("kind").asString()).isEqualTo("PrometheusRule");
    List<String[]> rules = runbooks(rule.path("spec").path("groups"));
    assertThat(rules).hasSize(18).allSatisfy(r -> assertThat(r[1]).startsWith("https://runbooks.example.org/md-rotator#"));
  }

  @Test
  void renderRefusesABadBaseAndARenderedInput(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    for (String bad : new String[] {"ftp://x/y", "wiki/operations.md", "https://x/y#z", "https://x/a b", "https://x/\"y"}) {
      Run run = render("--runbook-base", bad);
      assertThat(run.exit()).as(bad).isEqualTo(2);
      assertThat(run.stdout()).isEmpty();
      assertThat(run.stderr()).contains("--runbook-base must be an http(s) URL");
    }
    Path rendered = dir.resolve("rendered.yaml");
    Files.writeString(rendered, render("--runbook-base", "https://a.example/ops").stdout());
    Run again = render("--runbook-base", "https://b.example/ops", "--in", rendered.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.stdout()).isEmpty();
    assertThat(again.stderr()).contains("18 alerts but 0 runbook_url annotations with the shipped base");
    assertThat(render().exit()).isEqualTo(2);
  }
}
