package io.mdrotator.observability;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings readiness back within seconds of a backend's recovery. A failing target is marked ok
 * only by a later successful call, and while slots back off nothing may call it for minutes (an
 * outage ending at 16:21:05 showed in {@code /readyz} at 16:25:00). Every {@link #INTERVAL}, each
 * target that {@link HealthState#needsRecheck needs it} gets one cheap authenticated probe; a
 * probe that returns means the backend answered, and the target is marked ok. A probe that throws
 * leaves it failing (its call's own listener already recorded why). Healthy targets are not
 * probed: no load on the backends in normal operation.
 */
public final class ReadinessRecheck implements AutoCloseable {
  /** How often a failing target is probed: readiness returns at most this long after recovery (plus one call). */
  public static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessRecheck.class);

  /** One authenticated request to a backend; returns when it answered, throws when it did not. */
  @FunctionalInterface
  public interface Probe {
    void call() throws Exception;
  }

  private final HealthState health;
  private final Clock clock;
  private final Map<String, Probe> probes;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "md-rotator-readiness-recheck");
    t.setDaemon(true);
    return t;
  });

  /** {@code probes}: by target name as used in {@link HealthState} ({@code vault}, {@code motherduck}). */
  public ReadinessRecheck(HealthState health, Clock clock, Map<String, Probe> probes) {
    this.health = health;
    this.clock = clock;
    this.probes = Map.copyOf(probes);
  }

  /**
   * Probes at once, then every {@link #INTERVAL}, on its own daemon thread (a slow probe delays only
   * the next one). The first round makes readiness at start-up follow the backends' first answers,
   * not the first slot's run: at start no target has been contacted, so both are probed.
   */
  public ReadinessRecheck start() {
    thread.scheduleWithFixedDelay(this::tick, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One round: probes each target that needs it, in name order. Never throws. */
  void tick() {
    probes.keySet().stream().sorted().filter(health::needsRecheck).forEach(target -> {
      try {
        probes.get(target).call();
        health.targetOk(target, clock.instant());
      } catch (Exception e) {
        LOG.debug("readiness probe of {} failed: {}", target, e.toString());
      }
    });
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
