package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.schedule.SchedulerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds the rotation engine, and the engine's and scheduler's options, from the daemon configuration. */
public final class Engines {
  private Engines() {}

  /**
   * The engine every command and the daemon run: over {@code adapters}, with the options of
   * {@code config} and the {@link StepHook} installed on the class path (none in the product).
   */
  public static RotationEngine engine(
      DaemonConfig config, Adapters adapters, Clock clock, RotationListener listener) {
    return new RotationEngine(adapters.motherDuck(), adapters.vault(), options(config), clock, listener,
        StepHook.installed());
  }

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
