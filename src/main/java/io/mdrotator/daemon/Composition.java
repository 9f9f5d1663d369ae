package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.observability.CompositeRotationListener;
import io.mdrotator.observability.Observability;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.rotation.AccountDeletion;
import io.mdrotator.rotation.Adoption;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.schedule.LivenessWatchOptions;
import io.mdrotator.schedule.RotationScheduler;
import io.mdrotator.schedule.SchedulerOptions;
import io.mdrotator.schedule.SlotRunner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The composition root: the one place that turns a {@link DaemonConfig} into running parts (the
 * adapters, the rotation engine, the scheduler and liveness-watch options, the listeners). The
 * daemon and every CLI command build through it, so they run the same engine with the same
 * options. What the config leaves unset keeps the defaults of the options types
 * ({@link EngineOptions#defaults()}, {@link SchedulerOptions#defaults()}).
 *
 * <p>Not a record: the environment can hold credentials, and a record's {@code toString} would
 * print it.
 */
public final class Composition {
  private final DaemonConfig config;
  private final Map<String, String> env;
  private final Clock clock;

  /** {@code env} resolves the credential sources (files, environment variables, systemd credentials). */
  public Composition(DaemonConfig config, Map<String, String> env, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public DaemonConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  /** Over the process environment and the system clock: what the CLI runs with. */
  public static Composition of(DaemonConfig config) {
    return new Composition(config, System.getenv(), Clock.systemUTC());
  }

  /**
   * The MotherDuck client and the Vault store, credentials resolved; {@code calls} hears every call.
   *
   * @throws io.mdrotator.config.SecretSourceException when a credential source cannot be read
   */
  public Adapters adapters(ApiCallListener calls) {
    return Adapters.connect(config, env, calls, clock);
  }

  /** The engine's options: the defaults with the configured state path and resync interval. */
  public EngineOptions engineOptions() {
    return EngineOptions.defaults()
        .withStatePrefix(config.vault().statePath())
        .withResyncInterval(config.scheduler().resyncInterval());
  }

  /**
   * The engine every command and the daemon run: over {@code adapters}, with {@link #engineOptions()}
   * and the {@link StepHook} installed on the class path (none in the product).
   */
  public RotationEngine engine(Adapters adapters, RotationListener listener) {
    return new RotationEngine(adapters.motherDuck(), adapters.vault(), engineOptions(), clock, listener,
        StepHook.installed());
  }

  /**
   * An engine for a one-shot command: adapters that report their calls to no one.
   *
   * @throws io.mdrotator.config.SecretSourceException when a credential source cannot be read
   */
  public RotationEngine oneShotEngine(RotationListener listener) {
    return engine(adapters(ApiCallListener.NOOP), listener);
  }

  /** Deletion of service accounts ({@code delete-account}) over {@code adapters}, with {@link #engineOptions()}. */
  public AccountDeletion accountDeletion(Adapters adapters, RotationListener listener) {
    return new AccountDeletion(adapters.motherDuck(), adapters.vault(), engineOptions(), listener);
  }

  /** Adoption of hand-made tokens ({@code adopt}) over {@code adapters}. */
  public Adoption adoption(Adapters adapters, RotationListener listener) {
    return new Adoption(adapters.motherDuck(), adapters.vault(), listener);
  }

  /**
   * Quartz options: the defaults with the configured threads and resync interval, and the clustered
   * JDBC store of {@code scheduler.store: jdbc} (its password resolved from the environment).
   */
  public SchedulerOptions schedulerOptions() {
    DaemonConfig.Scheduler s = config.scheduler();
    SchedulerOptions memory = SchedulerOptions.defaults()
        .withThreadCount(s.threads())
        .withResyncInterval(s.resyncInterval());
    if (s.store() == DaemonConfig.Scheduler.Store.MEMORY) {
      return memory;
    }
    DaemonConfig.Jdbc jdbc = s.jdbc().orElseThrow(() ->
        new IllegalArgumentException("scheduler.store: jdbc needs a scheduler.jdbc section"));
    return memory.withJdbc(new JdbcStore(jdbc.url(), jdbc.user(), jdbc.password().map(p -> p.resolve(env)),
        jdbc.tablePrefix(), JdbcStore.AUTO, jdbc.clusterCheckinInterval()));
  }

  /** The scheduler over {@code engine}, not yet started. */
  public RotationScheduler scheduler(RotationEngine engine, RotationListener listener) {
    return new RotationScheduler(SlotRunner.of(engine), clock, schedulerOptions(), listener);
  }

  /** The liveness watch's pace, budgeted against the configured MotherDuck request rate and its own ceiling. */
  public LivenessWatchOptions livenessWatchOptions() {
    DaemonConfig.LivenessWatch w = config.scheduler().livenessWatch();
    return LivenessWatchOptions.defaults(config.motherDuck().requestsPerSecond())
        .withInterval(w.interval())
        .withBudgetShare(w.budgetShare())
        .withMaxListingsPerSecond(w.maxListingsPerSecond());
  }

  /**
   * What the daemon's engine and scheduler report to: metrics and logs, readiness on an
   * authentication failure, then {@code extra}.
   */
  public RotationListener daemonListener(Observability obs, RotationListener extra) {
    return new CompositeRotationListener(
        List.of(obs.rotationListener(), new AuthFailureListener(obs.health(), clock), extra));
  }
}
