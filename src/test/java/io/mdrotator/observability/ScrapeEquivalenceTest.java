package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.Liveness;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The text formats {@code /metrics} serves write the per-slot gauges themselves
 * ({@link SlotSeriesText}); they must hold exactly the lines the client library writes from
 * {@link SlotSeries#collect} for the same state, in both formats, including label values that need
 * escaping, NaN, infinities and sparse series.
 */
class ScrapeEquivalenceTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00.123456789Z");
  private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RotationMetrics m = new RotationMetrics(reg, Clock.fixed(NOW, ZoneOffset.UTC), "9.9.9");

  private void fleet() {
    List<SlotKey> keys = new ArrayList<>(Scenario.SLOTS);
    SlotId odd = new SlotId("svc \"quoted\" \\ back", "line\nbreak é");
    keys.add(new SlotKey(odd, "read_write"));
    for (int i = 0; i < 50; i++) {
      keys.add(new SlotKey(new SlotId("svc_" + (i % 7), "s" + i), i % 2 == 0 ? "read_write" : "read_scaling"));
    }
    m.registerSlots(keys);
    Scenario.healthy(m, m, NOW);
    Scenario.failBi(m, m, NOW, 1);
    m.slotObserved(odd, "read_write", Optional.of(NOW.plus(Duration.ofDays(3))), Optional.empty(), 0, 2);
    m.servedTokenLiveness(odd, new Liveness(Liveness.State.REVOKED, Optional.of("t"), Optional.empty()));
    for (int i = 0; i < 50; i += 3) {
      m.slotObserved(new SlotId("svc_" + (i % 7), "s" + i), "x", Optional.of(Instant.MAX.minusSeconds(i)),
          Optional.of(NOW.plusMillis(i)), i % 5, 0);
    }
  }

  private String library(String accept) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats.init().findWriter(accept).write(out, reg.getPrometheusRegistry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textFormatHasTheLibrarysLines() throws Exception {
    fleet();
    String served = m.scrape(TEXT);
    assertThat(served.lines().sorted().toList()).isEqualTo(library(TEXT).lines().sorted().toList());
    assertThat(served).contains("slot=\"line\\nbreak é\"").contains("account=\"svc \\\"quoted\\\" \\\\ back\"")
        .contains("mdrotator_managed_tokens{account=\"svc_0\",slot=\"s0\"} 0.0")
        .doesNotContain("mdrotator_managed_tokens{account=\"svc_etl\"");
  }

  @Test
  void openMetricsHasTheLibrarysLinesAndEndsWithOneEof() throws Exception {
    fleet();
    String served = m.scrape(OPEN_METRICS);
    assertThat(served.lines().sorted().toList()).isEqualTo(library(OPEN_METRICS).lines().sorted().toList());
    assertThat(served).endsWith("# EOF\n");
    assertThat(served.indexOf("# EOF")).isEqualTo(served.length() - "# EOF\n".length());
  }

  @Test
  void anEmptyFleetMatchesToo() throws Exception {
    assertThat(m.scrape(TEXT).lines().sorted().toList()).isEqualTo(library(TEXT).lines().sorted().toList());
    assertThat(m.scrape(OPEN_METRICS).lines().sorted().toList())
        .isEqualTo(library(OPEN_METRICS).lines().sorted().toList());
  }
}
