package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  private final PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RotationMetrics m = new RotationMetrics(reg, Clock.fixed(NOW, ZoneOffset.UTC), "1.2.3");

  private String scrape() {
    return reg.scrape();
  }

  @Test
  void perSlotSeriesExistBeforeAnyEvent() {
    m.registerSlots(Scenario.SLOTS);
    String s = scrape();
    assertThat(s)
        .contains("mdrotator_token_expiry_timestamp_seconds{account=\"svc_etl\",slot=\"primary\",token_type=\"read_write\"} NaN")
        .contains("mdrotator_rotations_total{account=\"svc_bi\",result=\"failure\",slot=\"reader\"} 0")
        .contains("mdrotator_revocations_total{account=\"svc_bi\",reason=\"orphan\",result=\"success\",slot=\"reader\"} 0")
        .contains("mdrotator_rotation_consecutive_failures{account=\"svc_etl\",slot=\"primary\"} 0")
        .contains("mdrotator_token_next_rotation_timestamp_seconds{account=\"svc_bi\",slot=\"reader\"} NaN")
        .contains("mdrotator_build_info{version=\"1.2.3\"} 1")
        .contains("mdrotator_clock_skew_seconds{target=\"vault\"} NaN");
  }

  @Test
  void healthySequenceSetsTimestampsCountersAndHistograms() {
    Scenario.healthy(m, m, NOW);
    String s = scrape();
    double expiry = NOW.getEpochSecond() + 30 * 86400;
    assertThat(s)
        .contains("mdrotator_token_expiry_timestamp_seconds{account=\"svc_etl\",slot=\"primary\",token_type=\"read_write\"} " + expiry)
        .contains("mdrotator_rotation_last_success_timestamp_seconds{account=\"svc_etl\",slot=\"primary\"} " + (double) NOW.getEpochSecond())
        .contains("mdrotator_rotations_total{account=\"svc_etl\",result=\"success\",slot=\"primary\"} 1")
        .contains("mdrotator_revocations_total{account=\"svc_etl\",reason=\"superseded\",result=\"success\",slot=\"primary\"} 1")
        .contains("mdrotator_managed_tokens{account=\"svc_etl\",slot=\"primary\"} 1")
        .contains("mdrotator_unmanaged_tokens{account=\"svc_etl\"} 0")
        .contains("mdrotator_rotation_duration_seconds_bucket{le=\"1.0\"} 1")
        .contains("mdrotator_api_request_duration_seconds_count{operation=\"create_token\",outcome=\"success\",target=\"motherduck\"} 1")
        .contains("mdrotator_policy_reloads_total{result=\"success\"} 1")
        .contains("mdrotator_policy_slots 2")
        .contains("mdrotator_heartbeat_timestamp_seconds " + (double) NOW.getEpochSecond())
        .contains("mdrotator_clock_skew_seconds{target=\"motherduck\"} 0.12")
        .contains("mdrotator_vault_token_expiry_timestamp_seconds " + (double) (NOW.getEpochSecond() + 20 * 3600));
  }

  @Test
  void failuresCountAndResetOnSuccess() {
    Scenario.healthy(m, m, NOW);
    Scenario.failBi(m, m, NOW, 1);
    Scenario.failBi(m, m, NOW, 2);
    assertThat(scrape())
        .contains("mdrotator_rotations_total{account=\"svc_bi\",result=\"failure\",slot=\"reader\"} 2")
        .contains("mdrotator_rotation_consecutive_failures{account=\"svc_bi\",slot=\"reader\"} 2");
    m.rotationSucceeded(Scenario.BI, "r-x", java.time.Duration.ofSeconds(2));
    assertThat(scrape()).contains("mdrotator_rotation_consecutive_failures{account=\"svc_bi\",slot=\"reader\"} 0");
  }

  @Test
  void forgetRemovesSlotAndLastAccountSeries() {
    Scenario.healthy(m, m, NOW);
    m.slotForgotten(Scenario.BI);
    String s = scrape();
    assertThat(s).doesNotContain("svc_bi").contains("svc_etl");
  }

  @Test
  void tokenTypeChangeRelabels() {
    m.registerSlots(Scenario.SLOTS);
    m.registerSlots(List.of(new SlotKey(Scenario.ETL, "read_scaling")));
    assertThat(scrape())
        .contains("account=\"svc_etl\",slot=\"primary\",token_type=\"read_scaling\"")
        .doesNotContain("account=\"svc_etl\",slot=\"primary\",token_type=\"read_write\"");
  }

  @Test
  void eventsForUnknownSlotsDoNotThrowOrCreateSeries() {
    m.revoked(Scenario.ETL, "t", RevocationReason.ORPHAN, true);
    m.rotationSucceeded(Scenario.ETL, "r", java.time.Duration.ofSeconds(1));
    assertThat(scrape()).doesNotContain("svc_etl");
  }

  @Test
  void slotRemovedWhileItsJobRunsDoesNotComeBack() {
    Scenario.healthy(m, m, NOW);
    m.syncSlots(List.of(Scenario.SLOTS.get(0)));
    // the removed slot's run was in flight: its late events must not re-create its series
    m.slotObserved(Scenario.BI, "read_scaling", java.util.Optional.of(NOW), java.util.Optional.of(NOW), 1, 3);
    m.rotationSucceeded(Scenario.BI, "r-late", java.time.Duration.ofSeconds(1));
    assertThat(scrape()).doesNotContain("svc_bi").contains("svc_etl");
    assertThat(m.registeredSlots()).isEqualTo(1);
  }

  @Test
  void scheduledSlotsGaugeReadsItsSource() {
    assertThat(scrape()).contains("mdrotator_scheduled_slots NaN");
    m.scheduledSlotsSource(() -> 42);
    assertThat(scrape()).contains("mdrotator_scheduled_slots 42");
  }

  @Test
  void failingExpirySourceReportsNaN() {
    m.vaultTokenExpirySource(() -> {
      throw new IllegalStateException("boom");
    });
    assertThat(scrape()).contains("mdrotator_vault_token_expiry_timestamp_seconds NaN");
  }

  @Test
  void noTokenIdOrRotationIdInAnyLabel() {
    Scenario.healthy(m, m, NOW);
    assertThat(scrape()).doesNotContain("tok-new-1").doesNotContain("tok-old-1").doesNotContain("r-0001");
  }
}
