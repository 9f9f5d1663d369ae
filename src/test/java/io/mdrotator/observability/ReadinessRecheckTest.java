package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readiness returns within one {@link ReadinessRecheck#INTERVAL} of a backend's recovery, with no
 * other traffic: a failing target is probed, a healthy one is not. Time is an injected clock.
 */
class ReadinessRecheckTest {
  private static final Instant T0 = Instant.parse("2026-12-07T16:20:00Z");
  private static final HealthThresholds T = new HealthThresholds(Duration.ofMinutes(2), Duration.ofMinutes(15),
      Set.of("vault", "motherduck"));

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = new Clock() {
    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  };

  /** At start no target has answered yet: the first round runs at once, not one interval later. */
  @Test
  void startProbesBothBackendsAtOnceSoReadinessDoesNotWaitForAnInterval() throws Exception {
    HealthState health = new HealthState(T0);
    health.policyLoaded(T0, 3);
    java.util.concurrent.CountDownLatch probed = new java.util.concurrent.CountDownLatch(2);
    try (ReadinessRecheck recheck = new ReadinessRecheck(health, clock, Map.of(
        "vault", probed::countDown, "motherduck", probed::countDown)).start()) {
      assertThat(probed.await(ReadinessRecheck.INTERVAL.toMillis() / 2, java.util.concurrent.TimeUnit.MILLISECONDS))
          .as("both backends probed within half an interval of start").isTrue();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
          .until(() -> health.readiness(T0, T).ok());
    }
  }

  @Test
  void aRecoveredBackendIsReadyAtTheNextRecheckWithoutOtherTraffic() {
    HealthState health = new HealthState(T0);
    health.policyLoaded(T0, 3);
    health.targetOk("vault", T0);
    health.targetOk("motherduck", T0);
    health.targetDown("vault", T0.plusSeconds(10), "read server_error");
    AtomicBoolean vaultUp = new AtomicBoolean(false);
    List<String> probed = new ArrayList<>();
    ReadinessRecheck recheck = new ReadinessRecheck(health, clock, Map.of(
        "vault", () -> {
          probed.add("vault");
          if (!vaultUp.get()) {
            throw new IOException("503 sealed");
          }
        },
        "motherduck", () -> probed.add("motherduck")));

    now.set(T0.plusSeconds(15));
    recheck.tick();
    assertThat(probed).as("only the failing target is probed").containsExactly("vault");
    assertThat(health.readiness(now.get(), T).ok()).as("still down: the probe failed").isFalse();

    vaultUp.set(true); // the backend is back at 16:21:05 ...
    now.set(T0.plusSeconds(65));
    now.set(now.get().plus(ReadinessRecheck.INTERVAL)); // ... and the next round is at most one interval later
    recheck.tick();
    HealthReport ready = health.readiness(now.get(), T);
    assertThat(ready.ok()).as(ready.toJson()).isTrue();
    assertThat(ready.checks()).filteredOn(c -> c.name().equals("vault")).singleElement()
        .satisfies(c -> assertThat(c.detail()).startsWith("last ok 2026-12-07T16:21:10Z"));

    probed.clear();
    recheck.tick();
    assertThat(probed).as("healthy targets are not probed").isEmpty();
  }

  @Test
  void needsRecheckWhileNeverContactedOrDown() {
    HealthState health = new HealthState(T0);
    assertThat(health.needsRecheck("vault")).as("never contacted").isTrue();
    health.targetDown("vault", T0, "read io_error");
    assertThat(health.needsRecheck("vault")).as("down, never succeeded").isTrue();
    health.targetOk("vault", T0.plusSeconds(1));
    assertThat(health.needsRecheck("vault")).isFalse();
    health.targetDown("vault", T0.plusSeconds(2), "read server_error");
    assertThat(health.needsRecheck("vault")).as("down since its last success").isTrue();
  }

  /** A refusal (permission denied on a write) is not cleared by a probe whose read is allowed. */
  @Test
  void aRefusalWaitsForARealSuccess() {
    HealthState health = new HealthState(T0);
    health.policyLoaded(T0, 1);
    health.targetOk("vault", T0);
    health.targetOk("motherduck", T0);
    health.targetFailed("vault", T0.plusSeconds(1), "permission denied");
    assertThat(health.needsRecheck("vault")).isFalse();
    List<String> probed = new ArrayList<>();
    new ReadinessRecheck(health, clock, Map.of("vault", () -> probed.add("vault"))).tick();
    assertThat(probed).isEmpty();
    assertThat(health.readiness(T0.plusSeconds(6), T).ok()).isFalse();
  }

  @Test
  void theIntervalIsAFewSeconds() {
    assertThat(ReadinessRecheck.INTERVAL).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive();
  }
}
