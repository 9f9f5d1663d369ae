package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mdrotator.emulator.MutableClock;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.Liveness.State;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RotationMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  private final PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RotationMetrics m = new RotationMetrics(reg, Clock.fixed(NOW, ZoneOffset.UTC), "1.2.3");

  private static final String ETL_EXPIRY =
      "mdrotator_token_expiry_timestamp_seconds{account=\"svc_etl\",slot=\"primary\",token_type=\"read_write\"} ";
  private static final String ETL_LIVE = "mdrotator_served_token_live{account=\"svc_etl\",slot=\"primary\"} ";

  /**
   * What {@code /metrics} serves in the text format (per-slot gauges on the fast path), checked to
   * hold exactly the lines the client library writes for the same registry.
   */
  private String scrape() {
    try {
      String served = m.scrapeEndpoint().render(ExpositionFormats.init().getPrometheusTextFormatWriter(),
          EscapingScheme.DEFAULT).text();
      assertThat(served.lines().sorted().toList()).isEqualTo(reg.scrape().lines().sorted().toList());
      return served;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Lines of samples (not comments) that carry the slot's labels. */
  private long seriesOf(io.mdrotator.policy.SlotId slot) {
    String labels = "account=\"" + slot.username() + "\",slot=\"" + slot.slot() + "\"";
    return scrape().lines().filter(l -> !l.startsWith("#") && l.contains(labels)).count();
  }

  /** The value of the one sample line starting with {@code series} (name, labels and a space). */
  private String sample(String series) {
    return scrape().lines().filter(l -> l.startsWith(series)).map(l -> l.substring(series.length()))
        .reduce((a, b) -> {
          throw new AssertionError("two samples for " + series);
        }).orElseThrow(() -> new AssertionError("no sample for " + series + " in\n" + scrape()));
  }

  private static Liveness liveness(State state, String tokenId, Instant expiresAt) {
    return new Liveness(state, Optional.ofNullable(tokenId), Optional.ofNullable(expiresAt));
  }

  private void observeEtl(Optional<Instant> expiry) {
    m.slotObserved(Scenario.ETL, "read_write", expiry, Optional.of(NOW.plusSeconds(60)), 1, 0);
  }

  @Test
  void perSlotSeriesExistBeforeAnyEvent() {
    m.registerSlots(Scenario.SLOTS);
    String s = scrape();
    assertThat(s)
        .contains("mdrotator_token_expiry_timestamp_seconds{account=\"svc_etl\",slot=\"primary\",token_type=\"read_write\"} NaN")
        .contains("mdrotator_slot_observed_timestamp_seconds{account=\"svc_bi\",slot=\"reader\"} NaN")
        .contains("mdrotator_token_next_rotation_timestamp_seconds{account=\"svc_bi\",slot=\"reader\"} NaN")
        .contains("mdrotator_build_info{version=\"1.2.3\"} 1")
        .contains("mdrotator_clock_skew_seconds{target=\"vault\"} NaN")
        .doesNotContain("mdrotator_rotations_total{").doesNotContain("mdrotator_revocations_total{")
        .doesNotContain("mdrotator_managed_tokens{").doesNotContain("mdrotator_rotation_consecutive_failures{");
  }

  @Test
  void fiveSeriesPerHealthySlotCountersPerAccountOnceNonZero() {
    Scenario.healthy(m, m, NOW);
    assertThat(seriesOf(Scenario.ETL)).isEqualTo(5);
    assertThat(seriesOf(Scenario.BI)).isEqualTo(5);
    assertThat(scrape().lines().filter(l -> l.startsWith("mdrotator_") && l.contains("slot=\"")).map(l -> l.substring(0,
        l.indexOf('{'))).distinct().sorted().toList()).containsExactly(
            "mdrotator_rotation_last_success_timestamp_seconds",
            "mdrotator_served_token_live", "mdrotator_slot_observed_timestamp_seconds",
            "mdrotator_token_expiry_timestamp_seconds", "mdrotator_token_next_rotation_timestamp_seconds");
    assertThat(scrape()).contains("mdrotator_rotations_total{account=\"svc_etl\",result=\"success\"} 1")
        .doesNotContain("mdrotator_rotations_total{account=\"svc_bi\"");
  }

  @Test
  void managedTokensAppearOnlyOutsideOneToTwo() {
    m.registerSlots(Scenario.SLOTS);
    String etl = "mdrotator_managed_tokens{account=\"svc_etl\",slot=\"primary\"} ";
    List<String> seen = new java.util.ArrayList<>();
    for (int n : new int[] {0, 1, 2, 3, 1}) {
      m.slotObserved(Scenario.ETL, "read_write", Optional.empty(), Optional.empty(), n, 0);
      seen.add(scrape().lines().filter(l -> l.startsWith(etl)).findFirst().orElse("-"));
    }
    assertThat(seen).containsExactly(etl + "0.0", "-", "-", etl + "3.0", "-");
  }

  @Test
  void observationTimeFollowsEveryEventThatSetsTheSlotsGauges() {
    MutableClock clock = new MutableClock(NOW);
    PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RotationMetrics ticking = new RotationMetrics(own, clock, "1.2.3");
    ticking.registerSlots(Scenario.SLOTS);
    String etl = "mdrotator_slot_observed_timestamp_seconds{account=\"svc_etl\",slot=\"primary\"} ";
    java.util.function.Supplier<String> observed = () -> own.scrape().lines().filter(l -> l.startsWith(etl))
        .map(l -> l.substring(etl.length())).findFirst().orElseThrow();
    assertThat(observed.get()).isEqualTo("NaN");
    List<String> seen = new java.util.ArrayList<>();
    List<Runnable> events = List.of(
        () -> ticking.slotObserved(Scenario.ETL, "read_write", Optional.empty(), Optional.empty(), 1, 0),
        () -> ticking.servedTokenLiveness(Scenario.ETL, Liveness.UNKNOWN),
        () -> ticking.rotationFailed(Scenario.ETL, "r", new IllegalStateException("x"), 1, NOW, Optional.empty()),
        () -> ticking.rotationSucceeded(Scenario.ETL, "r", Duration.ofSeconds(1)));
    for (Runnable e : events) {
      clock.advance(Duration.ofSeconds(10));
      e.run();
      seen.add(observed.get());
    }
    long t = NOW.getEpochSecond();
    assertThat(seen).containsExactly(String.valueOf((double) t + 10), String.valueOf((double) t + 20),
        String.valueOf((double) t + 30), String.valueOf((double) t + 40));
    clock.advance(Duration.ofSeconds(10));
    ticking.revoked(Scenario.ETL, "tok", RevocationReason.SUPERSEDED, true);
    ticking.casLost(Scenario.ETL, "r", "tok");
    assertThat(observed.get()).as("counter events do not change the slot's gauges").isEqualTo(String.valueOf((double) t + 40));
  }

  /**
   * The per-account gauges carry when this process set them, so the alerts on them can read the
   * freshest replica: the unmanaged count's time moves with every observation of a slot of the
   * account (not with a liveness check, which does not count), the Duckling state's with every check.
   */
  @Test
  void perAccountGaugesCarryTheTimeThisProcessSetThem() {
    MutableClock clock = new MutableClock(NOW);
    PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RotationMetrics ticking = new RotationMetrics(own, clock, "1.2.3");
    ticking.registerSlots(Scenario.SLOTS);
    String unmanagedAt = "mdrotator_unmanaged_tokens_observed_timestamp_seconds{account=\"svc_etl\"} ";
    String ducklingsAt = "mdrotator_ducklings_checked_timestamp_seconds{account=\"svc_bi\"} ";
    assertThat(own.scrape()).doesNotContain("mdrotator_unmanaged_tokens_observed_timestamp_seconds{")
        .doesNotContain("mdrotator_ducklings_checked_timestamp_seconds{");
    long t = NOW.getEpochSecond();

    clock.set(NOW.plusSeconds(10));
    ticking.slotObserved(Scenario.ETL, "read_write", Optional.empty(), Optional.empty(), 1, 2);
    clock.set(NOW.plusSeconds(20));
    ticking.servedTokenLiveness(Scenario.ETL, Liveness.UNKNOWN);
    ticking.ducklingsChecked("svc_bi", DucklingStatus.REJECTED, Optional.empty(), Optional.empty());
    String s = own.scrape();

    assertThat(s).contains(unmanagedAt + (double) (t + 10)).contains(ducklingsAt + (double) (t + 20))
        .contains("mdrotator_unmanaged_tokens{account=\"svc_etl\"} 2.0")
        .doesNotContain("mdrotator_unmanaged_tokens_observed_timestamp_seconds{account=\"svc_bi\"}")
        .doesNotContain("mdrotator_ducklings_checked_timestamp_seconds{account=\"svc_etl\"}");
    ticking.slotForgotten(Scenario.BI);
    assertThat(own.scrape()).doesNotContain(ducklingsAt);
  }

  @Test
  void healthySequenceSetsTimestampsCountersAndHistograms() {
    Scenario.healthy(m, m, NOW);
    String s = scrape();
    double expiry = NOW.getEpochSecond() + 30 * 86400;
    assertThat(s)
        .contains("mdrotator_token_expiry_timestamp_seconds{account=\"svc_etl\",slot=\"primary\",token_type=\"read_write\"} " + expiry)
        .contains("mdrotator_rotation_last_success_timestamp_seconds{account=\"svc_etl\",slot=\"primary\"} " + (double) NOW.getEpochSecond())
        .contains("mdrotator_rotations_total{account=\"svc_etl\",result=\"success\"} 1")
        .contains("mdrotator_revocations_total{account=\"svc_etl\",reason=\"superseded\",result=\"success\"} 1")
        .contains("mdrotator_slot_observed_timestamp_seconds{account=\"svc_etl\",slot=\"primary\"} " + (double) NOW.getEpochSecond())
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
        .contains("mdrotator_rotations_total{account=\"svc_bi\",result=\"failure\"} 2")
        .contains("mdrotator_rotation_consecutive_failures{account=\"svc_bi\",slot=\"reader\"} 2");
    m.rotationSucceeded(Scenario.BI, "r-x", java.time.Duration.ofSeconds(2));
    assertThat(scrape()).doesNotContain("mdrotator_rotation_consecutive_failures{account=\"svc_bi\"");
    assertThat(seriesOf(Scenario.BI)).isEqualTo(5);
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

  @Test
  void expiryGaugeKeepsTheLastKnownExpiryWhenTheTokenExpiresOrLeavesTheListing() {
    m.registerSlots(Scenario.SLOTS);
    Instant expiry = NOW.plus(Duration.ofMinutes(5));
    observeEtl(Optional.of(expiry));
    assertThat(sample(ETL_EXPIRY)).isEqualTo(String.valueOf((double) expiry.getEpochSecond()));
    // the token expired: MotherDuck no longer lists it, the observation carries no expiry
    observeEtl(Optional.empty());
    m.servedTokenLiveness(Scenario.ETL, liveness(State.EXPIRED, "tok-1", null));
    assertThat(sample(ETL_EXPIRY)).isEqualTo(String.valueOf((double) expiry.getEpochSecond()));
    // the engine knows the expiry from Vault's expires_at: that one is taken
    Instant fromVault = expiry.plusSeconds(1);
    m.servedTokenLiveness(Scenario.ETL, liveness(State.REVOKED, "tok-1", fromVault));
    m.servedTokenLiveness(Scenario.ETL, Liveness.UNKNOWN);
    observeEtl(Optional.empty());
    assertThat(sample(ETL_EXPIRY)).isEqualTo(String.valueOf((double) fromVault.getEpochSecond()));
  }

  @Test
  void expiryGaugeIsNaNOnlyWhileNoExpiryWasEverKnown() {
    m.registerSlots(Scenario.SLOTS);
    observeEtl(Optional.empty());
    m.servedTokenLiveness(Scenario.ETL, liveness(State.MISSING, null, null));
    assertThat(sample(ETL_EXPIRY)).isEqualTo("NaN");
    Instant expiry = NOW.plus(Duration.ofDays(30));
    m.servedTokenLiveness(Scenario.ETL, liveness(State.LIVE, "tok-2", expiry));
    assertThat(sample(ETL_EXPIRY)).isEqualTo(String.valueOf((double) expiry.getEpochSecond()));
  }

  @Test
  void servedTokenLiveFollowsLivenessAndUnknownKeepsThePreviousValue() {
    m.registerSlots(Scenario.SLOTS);
    assertThat(sample(ETL_LIVE)).isEqualTo("NaN");
    m.servedTokenLiveness(Scenario.ETL, Liveness.UNKNOWN);
    assertThat(sample(ETL_LIVE)).isEqualTo("NaN");
    List<State> states = List.of(State.LIVE, State.UNKNOWN, State.RENEWING, State.EXPIRED, State.UNKNOWN,
        State.LIVE, State.REVOKED, State.MISSING);
    List<String> seen = new java.util.ArrayList<>();
    for (State s : states) {
      m.servedTokenLiveness(Scenario.ETL, liveness(s, "tok-1", NOW));
      seen.add(sample(ETL_LIVE));
    }
    assertThat(seen).containsExactly("1.0", "1.0", "1.0", "0.0", "0.0", "1.0", "0.0", "0.0");
    assertThat(sample("mdrotator_served_token_live{account=\"svc_bi\",slot=\"reader\"} ")).isEqualTo("NaN");
  }

  @Test
  void ducklingsInSyncPerCheckedAccountUntilItsLastSlotIsForgotten() {
    m.registerSlots(Scenario.SLOTS);
    assertThat(scrape()).doesNotContain("mdrotator_ducklings_in_sync{");
    String bi = "mdrotator_ducklings_in_sync{account=\"svc_bi\"} ";
    List<String> seen = new java.util.ArrayList<>();
    for (DucklingStatus s : List.of(DucklingStatus.IN_SYNC, DucklingStatus.REJECTED, DucklingStatus.UPDATED,
        DucklingStatus.FAILED, DucklingStatus.IN_SYNC)) {
      m.ducklingsChecked("svc_bi", s, Optional.empty(), Optional.empty());
      seen.add(sample(bi));
    }
    assertThat(seen).containsExactly("1.0", "0.0", "1.0", "0.0", "1.0");
    assertThat(scrape()).doesNotContain("mdrotator_ducklings_in_sync{account=\"svc_etl\"}");
    m.ducklingsChecked("svc_unknown", DucklingStatus.IN_SYNC, Optional.empty(), Optional.empty());
    assertThat(scrape()).doesNotContain("svc_unknown");
    m.slotForgotten(Scenario.BI);
    assertThat(scrape()).doesNotContain("mdrotator_ducklings_in_sync{");
  }

  @Test
  void failuresAreCountedByBoundedReasonOnlyNonZeroSeriesAppear() {
    m.registerSlots(Scenario.SLOTS);
    assertThat(scrape()).doesNotContain("mdrotator_rotation_failures_total{");
    m.rotationFailed(Scenario.BI, "r-1", Causes.mintForbidden(Scenario.BI, "r-1"), 1, NOW, Optional.empty());
    m.rotationFailed(Scenario.BI, "r-2", Causes.mintForbidden(Scenario.BI, "r-2"), 2, NOW, Optional.empty());
    m.rotationFailed(Scenario.BI, "r-3", Causes.storeSealed(Scenario.BI, "r-3"), 3, NOW, Optional.empty());
    m.rotationFailed(Scenario.ETL, "r-4", new IllegalStateException("bug"), 1, NOW, Optional.empty());
    List<String> lines = scrape().lines().filter(l -> l.startsWith("mdrotator_rotation_failures_total{")).toList();
    assertThat(lines).containsExactlyInAnyOrder(
        "mdrotator_rotation_failures_total{account=\"svc_bi\",reason=\"motherduck_forbidden\"} 2.0",
        "mdrotator_rotation_failures_total{account=\"svc_bi\",reason=\"vault_sealed\"} 1.0",
        "mdrotator_rotation_failures_total{account=\"svc_etl\",reason=\"internal\"} 1.0");
    assertThat(scrape()).contains("mdrotator_rotations_total{account=\"svc_bi\",result=\"failure\"} 3");
    m.slotForgotten(Scenario.BI);
    assertThat(scrape()).doesNotContain("svc_bi");
  }
}
