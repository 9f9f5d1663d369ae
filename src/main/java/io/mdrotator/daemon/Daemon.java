package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.observability.LoggingSetup;
import io.mdrotator.observability.Observability;
import io.mdrotator.observability.ReadinessRecheck;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyException;
import io.mdrotator.policy.PolicyReloader;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.schedule.RotationScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: metrics and health, the two adapters, the rotation engine under Quartz, the
 * policy reloader, the liveness guards and the maintenance tick (heartbeat, Vault token renewal,
 * clock skew). {@link #close()} stops firing and lets in-flight rotations finish for up to
 * {@link #STOP_BOUND}.
 */
public final class Daemon implements AutoCloseable {
  /** How long shutdown waits for in-flight rotations; systemd's TimeoutStopSec must be longer. */
  public static final Duration STOP_BOUND = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final Observability observability;
  private final Adapters adapters;
  private final RotationEngine engine;
  private final RotationScheduler scheduler;
  private final PolicyReloader reloader;
  private final MaintenanceTick maintenance;
  private final LivenessGuards guards;
  private final ReadinessRecheck recheck;

  Daemon(
      Observability observability,
      Adapters adapters,
      RotationEngine engine,
      RotationScheduler scheduler,
      PolicyReloader reloader,
      MaintenanceTick maintenance,
      LivenessGuards guards,
      ReadinessRecheck recheck) {
    this.observability = observability;
    this.adapters = adapters;
    this.engine = engine;
    this.scheduler = scheduler;
    this.reloader = reloader;
    this.maintenance = maintenance;
    this.guards = guards;
    this.recheck = recheck;
  }

  /**
   * Loads the policy, starts serving metrics and schedules every slot to run now, everything built
   * by {@code composition}. {@code extra} receives the engine's events too (the demo prints them).
   * The policy file is parsed and validated on another thread while the metrics listener, the
   * adapters and the (not yet started) scheduler are built: with 10,000 slots both take hundreds of
   * milliseconds, and a 2-core host runs them side by side.
   *
   * @throws PolicyException when the policy file is invalid (whatever was built is closed again and
   *     no slot is scheduled)
   * @throws LoggingSetup.AuditFileException when the configured audit file cannot be opened for
   *     appending (checked before anything starts: the daemon never runs without its audit log)
   */
  public static Daemon start(Composition composition, RotationListener extra, SignalHook signals)
      throws PolicyException {
    return DaemonStart.start(composition, extra, signals);
  }

  /** As {@link #start(Composition, RotationListener, SignalHook)} with a composition of these three. */
  public static Daemon start(
      DaemonConfig config, Map<String, String> env, Clock clock, RotationListener extra, SignalHook signals)
      throws PolicyException {
    return start(new Composition(config, env, clock), extra, signals);
  }

  /** Port the metrics and health endpoints listen on. */
  public int metricsPort() {
    return observability.port();
  }

  public RotationEngine engine() {
    return engine;
  }

  public Policy policy() {
    return reloader.current();
  }

  public Adapters adapters() {
    return adapters;
  }

  @Override
  public void close() {
    observability.schedulerAlive(false);
    guards.close();
    boolean idle = scheduler.shutdown(STOP_BOUND);
    if (!idle) {
      LOG.warn("stopped with rotations still in flight after {}; the next start recovers them", STOP_BOUND);
    }
    maintenance.close();
    recheck.close();
    reloader.close();
    observability.close();
    LOG.info("md-rotator stopped");
  }
}
