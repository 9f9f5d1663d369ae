package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Alert rules and the exposition format, checked by Prometheus's own promtool. */
class PromtoolTest {
  private static final Path BASE = Path.of("").toAbsolutePath();

  @Test
  void alertRulesAreValid() throws Exception {
    Path promtool = Promtool.require("promtool");
    Promtool.Result r = Promtool.run(null, BASE, promtool.toString(), "check", "rules",
        "config/prometheus/md-rotator-alerts.yaml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void alertRuleUnitTestsPass() throws Exception {
    Path promtool = Promtool.require("promtool");
    Promtool.Result r = Promtool.run(null, BASE, promtool.toString(), "test", "rules",
        "config/prometheus/md-rotator-alerts.test.yaml");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void realScrapePassesMetricsLint() throws Exception {
    Path promtool = Promtool.require("promtool");
    String scrape = RealisticScrape.fetch("text/plain");
    assertThat(scrape).contains("mdrotator_rotations_total");
    java.nio.file.Files.writeString(BASE.resolve("target/realistic-scrape.txt"), scrape);
    Promtool.Result r = Promtool.run(scrape, BASE, promtool.toString(), "check", "metrics");
    assertThat(r.exitCode()).as(r.output()).isZero();
  }
}
