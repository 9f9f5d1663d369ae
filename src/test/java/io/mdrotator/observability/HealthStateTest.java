package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthStateTest {
  private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
  private static final HealthThresholds T = HealthThresholds.DEFAULT;
  private final HealthState h = new HealthState(T0);

  @Test
  void liveAtStartThenStaleWithoutHeartbeat() {
    assertThat(h.liveness(T0.plusSeconds(60), T).ok()).isTrue();
    HealthReport stale = h.liveness(T0.plus(Duration.ofMinutes(3)), T);
    assertThat(stale.ok()).isFalse();
    assertThat(stale.toJson()).contains("\"status\":\"fail\"").contains("none since start");
    h.heartbeat(T0.plus(Duration.ofMinutes(2)));
    assertThat(h.liveness(T0.plus(Duration.ofMinutes(3)), T).ok()).isTrue();
  }

  @Test
  void deadSchedulerIsNotLive() {
    h.heartbeat(T0);
    h.schedulerAlive(false);
    HealthReport r = h.liveness(T0, T);
    assertThat(r.ok()).isFalse();
    assertThat(r.checks()).filteredOn(c -> !c.ok()).extracting(HealthReport.Check::name).containsExactly("scheduler");
  }

  @Test
  void readyNeedsPolicyAndFreshSuccessfulContacts() {
    assertThat(h.readiness(T0, T).ok()).isFalse();
    h.policyLoaded(T0, 3);
    h.targetOk("vault", T0);
    assertThat(h.readiness(T0, T).toJson()).contains("\"motherduck\":{\"ok\":false,\"detail\":\"never contacted\"}");
    h.targetOk("motherduck", T0);
    assertThat(h.readiness(T0.plusSeconds(10), T).ok()).isTrue();
    assertThat(h.readiness(T0.plus(Duration.ofMinutes(16)), T).ok()).isFalse();
  }

  @Test
  void failureAfterSuccessMakesUnreadyUntilNextSuccess() {
    h.policyLoaded(T0, 1);
    h.targetOk("vault", T0);
    h.targetOk("motherduck", T0);
    h.targetFailed("motherduck", T0.plusSeconds(5), "401 from list_tokens");
    HealthReport r = h.readiness(T0.plusSeconds(6), T);
    assertThat(r.ok()).isFalse();
    assertThat(r.toJson()).contains("failing since").contains("401 from list_tokens");
    h.targetOk("motherduck", T0.plusSeconds(7));
    assertThat(h.readiness(T0.plusSeconds(8), T).ok()).isTrue();
  }

  @Test
  void failedReloadKeepsReadinessButIsReported() {
    h.policyLoaded(T0, 1);
    h.targetOk("vault", T0);
    h.targetOk("motherduck", T0);
    h.policyFailed("policy.yaml:3: unknown field 'ttll'");
    HealthReport r = h.readiness(T0, T);
    assertThat(r.ok()).isTrue();
    assertThat(r.toJson()).contains("last reload failed: policy.yaml:3");
  }
}
