package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The per-slot series keep their names, labels, help texts, types and values across
 * implementations: the scrape of a scenario touching every per-slot and per-account series is
 * compared, line by line, with a golden file (the alert rules and dashboards in config/ depend on
 * these exact names and labels). Recorded from the one-Micrometer-meter-per-series implementation;
 * re-recorded when the expiry gauge started to keep the last known expiry (svc_bi's last
 * observation has none: its line shows the earlier expiry instead of NaN), when the liveness,
 * failure-reason and Duckling series were added, and when counters moved from per slot to per
 * account (present once non-zero), the managed-token gauge became present only outside 1..2 and
 * the observation time was added.
 */
class SlotSeriesGoldenTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  private static final Set<String> FAMILIES = Set.of(
      "mdrotator_token_expiry_timestamp_seconds", "mdrotator_token_next_rotation_timestamp_seconds",
      "mdrotator_rotation_last_success_timestamp_seconds", "mdrotator_rotation_consecutive_failures",
      "mdrotator_managed_tokens", "mdrotator_rotations", "mdrotator_rotations_total",
      "mdrotator_revocations", "mdrotator_revocations_total", "mdrotator_unmanaged_tokens",
      "mdrotator_served_token_live", "mdrotator_rotation_failures", "mdrotator_rotation_failures_total",
      "mdrotator_ducklings_in_sync", "mdrotator_slot_observed_timestamp_seconds");

  @Test
  void textFormatMatchesGolden() throws IOException {
    assertThat(perSlotLines(scrape("text/plain; version=0.0.4")))
        .containsExactlyElementsOf(golden("slot-series.golden.txt"));
  }

  @Test
  void openMetricsFormatMatchesGolden() throws IOException {
    assertThat(perSlotLines(scrape("application/openmetrics-text; version=1.0.0; charset=utf-8")))
        .containsExactlyElementsOf(golden("slot-series.golden.openmetrics.txt"));
  }

  private static String scrape(String accept) throws IOException {
    PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RotationMetrics m = new RotationMetrics(reg, Clock.fixed(NOW, ZoneOffset.UTC), "1.2.3");
    Scenario.healthy(m, m, NOW);
    Scenario.failBi(m, m, NOW, 1);
    m.rotationFailed(Scenario.BI, "r-f2", Causes.mintForbidden(Scenario.BI, "r-f2"), 2, NOW, Optional.empty());
    m.servedTokenLiveness(Scenario.BI, new Liveness(Liveness.State.EXPIRED, Optional.of("tok-bi"), Optional.empty()));
    m.ducklingsChecked("svc_bi", DucklingStatus.REJECTED, Optional.empty(), Optional.empty());
    m.ducklingsChecked("svc_etl", DucklingStatus.IN_SYNC, Optional.empty(), Optional.empty());
    m.casLost(Scenario.BI, "r-c", "tok-c");
    for (RevocationReason r : RevocationReason.values()) {
      m.revoked(Scenario.BI, "tok-" + r, r, r.ordinal() % 2 == 0);
    }
    m.slotObserved(Scenario.BI, "read_scaling", Optional.empty(), Optional.empty(), 3, 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormats.init().findWriter(accept).write(out, reg.getPrometheusRegistry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Lines (samples, HELP, TYPE) of the per-slot families, sorted: family order is not a contract. */
  static List<String> perSlotLines(String exposition) {
    return Arrays.stream(exposition.split("\n"))
        .filter(l -> FAMILIES.contains(family(l)))
        .sorted()
        .collect(Collectors.toList());
  }

  private static String family(String line) {
    String l = line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
    int end = 0;
    while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
      end++;
    }
    return l.substring(0, end);
  }

  private static List<String> golden(String name) throws IOException {
    try (InputStream in = SlotSeriesGoldenTest.class.getResourceAsStream(name)) {
      if (in == null && System.getProperty("golden.write") != null) {
        return List.of();
      }
      assertThat(in).as("golden file " + name).isNotNull();
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  /** Records the golden files from the current implementation (run once with -Dgolden.write=DIR). */
  @Test
  void writeGoldenWhenAsked() throws IOException {
    String dir = System.getProperty("golden.write");
    if (dir == null) {
      return;
    }
    java.nio.file.Files.writeString(java.nio.file.Path.of(dir, "slot-series.golden.txt"),
        String.join("\n", perSlotLines(scrape("text/plain; version=0.0.4"))) + "\n");
    java.nio.file.Files.writeString(java.nio.file.Path.of(dir, "slot-series.golden.openmetrics.txt"),
        String.join("\n", perSlotLines(scrape("application/openmetrics-text; version=1.0.0; charset=utf-8"))) + "\n");
  }
}
