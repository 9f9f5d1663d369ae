package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.schedule.SchedulerOptions;
import java.time.Duration;
import java.util.Map;

/** Maps the daemon configuration onto the engine's and the scheduler's options. */
public final class Engines {
  private Engines() {}

  public static EngineOptions options(DaemonConfig config) {
    return EngineOptions.DEFAULTS
        .withStatePrefix(config.vault().statePath())
        .withResyncInterval(config.scheduler().resyncInterval());
  }

  /** As {@link #schedulerOptions(DaemonConfig, Map)} with the process environment. */
  public static SchedulerOptions schedulerOptions(DaemonConfig config) {
    return schedulerOptions(config, System.getenv());
  }

  /** {@code env} resolves the JDBC password source of {@code scheduler.store: jdbc}. */
  public static SchedulerOptions schedulerOptions(DaemonConfig config, Map<String, String> env) {
    SchedulerOptions memory = memoryOptions(config);
    if (config.scheduler().store() == DaemonConfig.Scheduler.Store.MEMORY) {
      return memory;
    }
    DaemonConfig.Jdbc jdbc = config.scheduler().jdbc().orElseThrow(() ->
        new IllegalArgumentException("scheduler.store: jdbc needs a scheduler.jdbc section"));
    return memory.withJdbc(new JdbcStore(jdbc.url(), jdbc.user(), jdbc.password().map(p -> p.resolve(env)),
        jdbc.tablePrefix(), JdbcStore.AUTO, jdbc.clusterCheckinInterval()));
  }

  private static SchedulerOptions memoryOptions(DaemonConfig config) {
    return new SchedulerOptions(
        "md-rotator",
        config.scheduler().threads(),
        config.scheduler().resyncInterval(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }
}
