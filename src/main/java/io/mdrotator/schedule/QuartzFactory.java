package io.mdrotator.schedule;

import java.time.Clock;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/** Builds the Quartz scheduler of a {@link RotationScheduler} from its options. */
final class QuartzFactory {
  private QuartzFactory() {}

  /**
   * In-memory, or clustered on PostgreSQL: schema ensured first, our Hikari pool registered under a
   * process-unique data-source name. The scheduler is taken out of Quartz's process-wide repository
   * (we hold the reference), so several nodes of one cluster may live in one JVM (tests).
   */
  static Scheduler create(SchedulerOptions options, Clock clock) {
    HikariConnectionProvider provider = null;
    try {
      java.util.Properties props = options.quartzProperties();
      if (options.jdbc().isPresent()) {
        JdbcStore store = options.jdbc().get();
        String dsName = "md-rotator-" + java.util.UUID.randomUUID();
        provider = new HikariConnectionProvider(store, options.threadCount(), dsName);
        QuartzSchema.ensure(provider.dataSource(), store.tablePrefix(), options.instanceName());
        org.quartz.utils.DBConnectionManager.getInstance().addConnectionProvider(dsName, provider);
        props = options.clusteredProperties(store, dsName);
      }
      Scheduler s = new StdSchedulerFactory(props).getScheduler();
      org.quartz.impl.SchedulerRepository.getInstance().remove(s.getSchedulerName());
      if (provider != null) {
        s.getContext().put(LastRunTable.CONTEXT_KEY, new LastRunTable(
            provider.dataSource(), options.jdbc().get().tablePrefix(), options.instanceName(), clock));
      }
      return s;
    } catch (SchedulerException | java.sql.SQLException | RuntimeException e) {
      if (provider != null) {
        provider.shutdown();
      }
      throw new IllegalStateException("cannot create Quartz scheduler '" + options.instanceName() + "'", e);
    }
  }
}
