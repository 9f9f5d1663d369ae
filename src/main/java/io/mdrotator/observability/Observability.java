package io.mdrotator.observability;

import io.mdrotator.port.ApiCallListener;
import io.mdrotator.rotation.RotationListener;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What the daemon wires once: metrics, health, audit, the operator log and the one HTTP listener,
 * with the few calls that must update several of them together (heartbeat, policy load, API call
 * outcomes).
 */
public final class Observability implements AutoCloseable {
  /** API outcomes that mean the target is unreachable or broken (client errors may be expected 404s). */
  private static final Set<String> TARGET_DOWN = Set.of("server_error", "io_error");

  private final Clock clock;
  private final RotationMetrics metrics;
  private final HealthState health;
  private final AuditLog audit;
  private final OperatorLog operatorLog;
  private final MetricsServer server;

  private Observability(Clock clock, RotationMetrics metrics, HealthState health, AuditLog audit, MetricsServer server) {
    this.clock = clock;
    this.metrics = metrics;
    this.health = health;
    this.audit = audit;
    this.operatorLog = new OperatorLog(clock);
    this.server = server;
  }

  /** Creates the registry (with JVM binders) and starts serving on {@code address}. */
  public static Observability start(InetSocketAddress address, Clock clock, String version, HealthThresholds thresholds) {
    RotationMetrics metrics = RotationMetrics.create(clock, version);
    HealthState health = new HealthState(clock.instant());
    MetricsServer server = MetricsServer.start(address, metrics, health, clock, thresholds);
    return new Observability(clock, metrics, health, new AuditLog(clock), server);
  }

  public RotationMetrics metrics() {
    return metrics;
  }

  public HealthState health() {
    return health;
  }

  public int port() {
    return server.port();
  }

  /** Metrics, audit, then the operator log; pass it to the rotation engine. */
  public RotationListener rotationListener() {
    return new CompositeRotationListener(List.of(metrics, audit, operatorLog));
  }

  /**
   * Times every request and feeds readiness: a success marks the target ok, a server or I/O error
   * marks it down (re-checked every few seconds until it answers). Authentication failures arrive as {@code client_error}, which cannot be told
   * from an expected 404 here: the daemon reports those with {@code health().targetFailed(...)}.
   */
  public ApiCallListener apiCallListener() {
    return (target, operation, outcome, elapsed) -> {
      metrics.completed(target, operation, outcome, elapsed);
      if ("success".equals(outcome)) {
        health.targetOk(target, clock.instant());
      } else if (TARGET_DOWN.contains(outcome)) {
        health.targetDown(target, clock.instant(), operation + " " + outcome);
      }
    };
  }

  /** Call from the scheduler on every tick (and at least every minute). */
  public void heartbeat() {
    metrics.heartbeat(clock.instant());
    health.heartbeat(clock.instant());
  }

  /** The scheduler started or stopped (liveness). */
  public void schedulerAlive(boolean alive) {
    health.schedulerAlive(alive);
  }

  /** A policy was loaded: its slots become exactly the reported ones. */
  public void policyLoaded(Collection<SlotKey> slots) {
    metrics.syncSlots(slots);
    policyApplied(slots.size());
  }

  /**
   * A policy of {@code slotCount} slots is in force and its series were already synced (the daemon
   * syncs them before rescheduling): counts the load and marks readiness.
   */
  public void policyApplied(int slotCount) {
    metrics.policyReloadSucceeded(slotCount);
    health.policyLoaded(clock.instant(), slotCount);
  }

  /** A reload failed; {@code reason} (file, line, field) must not contain a secret. */
  public void policyReloadFailed(String reason) {
    metrics.policyReloadFailed();
    health.policyFailed(reason);
  }

  @Override
  public void close() {
    server.close();
    metrics.close();
  }
}
