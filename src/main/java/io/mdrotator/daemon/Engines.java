package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.schedule.SchedulerOptions;
import java.time.Duration;

/** Maps the daemon configuration onto the engine's and the scheduler's options. */
public final class Engines {
  private Engines() {}

  public static EngineOptions options(DaemonConfig config) {
    return EngineOptions.DEFAULTS
        .withStatePrefix(config.vault().statePath())
        .withResyncInterval(config.scheduler().resyncInterval());
  }

  public static SchedulerOptions schedulerOptions(DaemonConfig config) {
    if (config.scheduler().store() != DaemonConfig.Scheduler.Store.MEMORY) {
      throw new UnsupportedOperationException(
          "scheduler.store: jdbc (clustered Quartz on PostgreSQL) is not available yet; use memory");
    }
    return new SchedulerOptions(
        "md-rotator",
        config.scheduler().threads(),
        config.scheduler().resyncInterval(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }
}
