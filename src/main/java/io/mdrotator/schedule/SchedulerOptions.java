package io.mdrotator.schedule;

import io.mdrotator.rotation.EngineOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Quartz settings, all in one place, including the clustered JDBC store.
 *
 * @param instanceName Quartz scheduler name (unique per process)
 * @param threadCount worker threads: slots rotated in parallel
 * @param resyncInterval longest gap between two runs of a slot
 * @param minDelay shortest gap between two runs of a slot (guards against a hot loop)
 * @param errorDelay when to run again after the runner itself threw
 * @param jdbc the clustered PostgreSQL job store; empty means in-memory (one node)
 */
public record SchedulerOptions(
    String instanceName,
    int threadCount,
    Duration resyncInterval,
    Duration minDelay,
    Duration errorDelay,
    Optional<JdbcStore> jdbc) {
  public static final String DEFAULT_INSTANCE_NAME = "md-rotator";
  public static final int DEFAULT_THREAD_COUNT = 4;
  /** The engine's resync interval: a slot is run at least as often as the engine wants to look at it. */
  public static final Duration DEFAULT_RESYNC_INTERVAL = EngineOptions.DEFAULT_RESYNC_INTERVAL;
  public static final Duration DEFAULT_MIN_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_ERROR_DELAY = Duration.ofSeconds(30);

  /** Every field at its {@code DEFAULT_*} constant, in-memory store. */
  public static final SchedulerOptions DEFAULTS = new SchedulerOptions(DEFAULT_INSTANCE_NAME,
      DEFAULT_THREAD_COUNT, DEFAULT_RESYNC_INTERVAL, DEFAULT_MIN_DELAY, DEFAULT_ERROR_DELAY);

  /** The defaults; change single fields with the {@code with*} methods. */
  public static SchedulerOptions defaults() {
    return DEFAULTS;
  }

  /** In-memory store. */
  public SchedulerOptions(
      String instanceName, int threadCount, Duration resyncInterval, Duration minDelay, Duration errorDelay) {
    this(instanceName, threadCount, resyncInterval, minDelay, errorDelay, Optional.empty());
  }

  public SchedulerOptions {
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(jdbc, "jdbc");
    if (threadCount < 1 || threadCount > 64) {
      throw new IllegalArgumentException("threadCount must be in 1..64, was " + threadCount);
    }
    for (Duration d : new Duration[] {resyncInterval, minDelay, errorDelay}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("scheduler durations must be positive, was " + d);
      }
    }
  }

  /** In-memory (RAMJobStore) Quartz properties; misfires are handled per trigger (fire now). */
  public Properties quartzProperties() {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", instanceName);
    p.setProperty("org.quartz.scheduler.instanceId", "NON_CLUSTERED");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threadCount));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    return p;
  }

  public SchedulerOptions withInstanceName(String name) {
    return new SchedulerOptions(name, threadCount, resyncInterval, minDelay, errorDelay, jdbc);
  }

  public SchedulerOptions withThreadCount(int threads) {
    return new SchedulerOptions(instanceName, threads, resyncInterval, minDelay, errorDelay, jdbc);
  }

  public SchedulerOptions withResyncInterval(Duration d) {
    return new SchedulerOptions(instanceName, threadCount, d, minDelay, errorDelay, jdbc);
  }

  /** Same options with the clustered JDBC store. */
  public SchedulerOptions withJdbc(JdbcStore store) {
    return new SchedulerOptions(instanceName, threadCount, resyncInterval, minDelay, errorDelay, Optional.of(store));
  }

  /**
   * Clustered JobStoreTX properties; connections come from the provider registered under
   * {@code dataSource} in Quartz's process-wide DBConnectionManager (so the name must be unique).
   */
  Properties clusteredProperties(JdbcStore store, String dataSource) {
    Properties p = quartzProperties();
    p.setProperty("org.quartz.scheduler.instanceId", store.instanceId());
    // A trigger another node scheduled is noticed within this, even if nothing wakes us.
    p.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dataSource);
    p.setProperty("org.quartz.jobStore.tablePrefix", store.tablePrefix());
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(store.clusterCheckin().toMillis()));
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    // Acquire under the TRIGGER_ACCESS row lock: no double firing across nodes.
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    return p;
  }
}
