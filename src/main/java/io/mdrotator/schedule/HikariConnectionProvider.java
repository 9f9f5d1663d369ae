package io.mdrotator.schedule;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/** Quartz's view of our own Hikari pool: one pool per scheduler, closed when Quartz shuts down. */
final class HikariConnectionProvider implements ConnectionProvider {
  private final HikariDataSource pool;

  HikariConnectionProvider(JdbcStore store, int threadCount, String poolName) {
    HikariConfig c = new HikariConfig();
    c.setPoolName(poolName);
    c.setJdbcUrl(store.url());
    store.user().ifPresent(c::setUsername);
    store.password().ifPresent(p -> c.setPassword(p.reveal()));
    // Workers, the misfire handler and the cluster manager each hold a connection at times.
    c.setMaximumPoolSize(threadCount + 3);
    c.setMinimumIdle(1);
    c.setAutoCommit(false);
    c.setConnectionTimeout(10_000);
    this.pool = new HikariDataSource(c);
  }

  HikariDataSource dataSource() {
    return pool;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void shutdown() {
    pool.close();
  }

  @Override
  public void initialize() {
    // the pool is started by the constructor
  }
}
