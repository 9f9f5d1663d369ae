package io.mdrotator.daemon;

import io.mdrotator.observability.Observability;
import io.mdrotator.schedule.RotationScheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's periodic upkeep, every {@link #PERIOD} on its own thread: the heartbeat (only while
 * Quartz runs), the MotherDuck clock skew and the Vault token's renewal.
 */
final class MaintenanceTick implements AutoCloseable {
  static final Duration PERIOD = Duration.ofSeconds(15);
  /** The daemon's logger: operators filter the daemon's lines by this one name. */
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final RotationScheduler scheduler;
  private final Observability observability;
  private final Adapters adapters;
  private final ScheduledExecutorService executor;

  private MaintenanceTick(RotationScheduler scheduler, Observability observability, Adapters adapters) {
    this.scheduler = scheduler;
    this.observability = observability;
    this.adapters = adapters;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "md-rotator-maintenance");
      t.setDaemon(true);
      return t;
    });
  }

  /** Ticks once now, on the caller's thread, then every {@link #PERIOD}. */
  static MaintenanceTick start(RotationScheduler scheduler, Observability observability, Adapters adapters) {
    MaintenanceTick tick = new MaintenanceTick(scheduler, observability, adapters);
    tick.tick();
    tick.executor.scheduleWithFixedDelay(tick::tick, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return tick;
  }

  /** Never throws: a failed tick is logged and the next one runs as planned. */
  private void tick() {
    try {
      boolean running = scheduler.isRunning();
      observability.schedulerAlive(running);
      if (running) {
        observability.heartbeat();
      }
      adapters.motherDuck().clockSkew()
          .ifPresent(skew -> observability.metrics().clockSkew("motherduck", skew.negated()));
      adapters.vault().session().maintain();
    } catch (RuntimeException e) {
      LOG.warn("maintenance tick failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
