package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.Liveness.State;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A retiring or retired slot reads as healthy: the gauges the token alerts watch (expiry, live,
 * next rotation, managed tokens) are NaN, so {@code expiry - time() < 24h}, {@code live == 0},
 * {@code time() - next_rotation > 1800} and {@code managed == 0} are all false for it; a slot back
 * in service reports its token again.
 */
class RetiredSlotMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  private final PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RotationMetrics m = new RotationMetrics(reg, Clock.fixed(NOW, ZoneOffset.UTC), "1.2.3");
  private static final String LABELS = "{account=\"svc_etl\",slot=\"primary\"} ";

  /** The sample's value; "absent" when the series is not exported (sparse gauges while NaN). */
  private String sample(String name, String labels) {
    String series = name + labels;
    return reg.scrape().lines().filter(l -> l.startsWith(series)).map(l -> l.substring(series.length()))
        .findFirst().orElse("absent");
  }

  private String expiry() {
    return sample("mdrotator_token_expiry_timestamp_seconds", "{account=\"svc_etl\",slot=\"primary\",token_type=\"read_write\"} ");
  }

  @Test
  void retiringAndRetiredSlotsHaveNoTokenGaugesToAlertOn() {
    m.registerSlots(Scenario.SLOTS);
    m.slotObserved(Scenario.ETL, "read_write", Optional.of(NOW.plusSeconds(600)), Optional.of(NOW.minusSeconds(3600)), 1, 0);
    m.servedTokenLiveness(Scenario.ETL, new Liveness(State.LIVE, Optional.of("t1"), Optional.of(NOW.plusSeconds(600))));
    assertThat(expiry()).isNotIn("NaN", "absent");
    assertThat(sample("mdrotator_served_token_live", LABELS)).isEqualTo("1.0");

    m.servedTokenLiveness(Scenario.ETL, new Liveness(State.RETIRING, Optional.of("t1"), Optional.of(NOW.plusSeconds(600))));
    m.slotObserved(Scenario.ETL, "read_write", Optional.of(NOW.plusSeconds(600)), Optional.empty(), 1, 0);
    m.revoked(Scenario.ETL, "t1", RevocationReason.RETIRED, true);
    m.servedTokenLiveness(Scenario.ETL, new Liveness(State.RETIRED, Optional.empty(), Optional.empty()));
    m.slotObserved(Scenario.ETL, "read_write", Optional.empty(), Optional.empty(), 0, 0);

    assertThat(expiry()).isIn("NaN", "absent");
    assertThat(sample("mdrotator_served_token_live", LABELS)).isIn("NaN", "absent");
    assertThat(sample("mdrotator_token_next_rotation_timestamp_seconds", LABELS)).isIn("NaN", "absent");
    assertThat(sample("mdrotator_managed_tokens", LABELS)).as("0 managed tokens is no alert").isIn("NaN", "absent");
    assertThat(sample("mdrotator_rotation_consecutive_failures", LABELS)).isEqualTo("absent");
    assertThat(sample("mdrotator_revocations_total", "{account=\"svc_etl\",reason=\"retired\",result=\"success\"} "))
        .isEqualTo("1.0");

    m.servedTokenLiveness(Scenario.ETL, new Liveness(State.UNKNOWN, Optional.empty(), Optional.empty()));
    assertThat(expiry()).as("an unknown judgement does not bring the retired slot's gauges back").isIn("NaN", "absent");

    m.servedTokenLiveness(Scenario.ETL, new Liveness(State.LIVE, Optional.of("t2"), Optional.of(NOW.plusSeconds(900))));
    m.slotObserved(Scenario.ETL, "read_write", Optional.of(NOW.plusSeconds(900)), Optional.of(NOW.plusSeconds(600)), 1, 0);
    assertThat(sample("mdrotator_served_token_live", LABELS)).as("back in service").isEqualTo("1.0");
    assertThat(expiry()).isNotIn("NaN", "absent");
  }
}
