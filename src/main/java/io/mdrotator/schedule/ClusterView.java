package io.mdrotator.schedule;

import io.mdrotator.policy.SlotId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a clustered store says about the cluster: its members (Quartz's SCHEDULER_STATE) and the
 * last run of each slot (our SLOT_RUNS). Read-only; {@code initialised} is false until a node has
 * created the tables.
 */
public record ClusterView(boolean initialised, List<ClusterMember> members, Map<SlotId, LastRun> lastRuns) {
  public ClusterView {
    members = List.copyOf(members);
    lastRuns = Map.copyOf(lastRuns);
  }

  /** Reads the view over one short-lived connection to {@code store}'s database. */
  public static ClusterView read(JdbcStore store, String schedulerName) throws SQLException {
    Properties props = new Properties();
    store.user().ifPresent(u -> props.setProperty("user", u));
    store.password().ifPresent(p -> props.setProperty("password", p.reveal()));
    try (Connection c = DriverManager.getConnection(store.url(), props)) {
      c.setReadOnly(true);
      return read(c, store.tablePrefix(), schedulerName);
    }
  }

  /** Reads the view over {@code c}. */
  public static ClusterView read(Connection c, String tablePrefix, String schedulerName) throws SQLException {
    if (!exists(c, tablePrefix + "SCHEDULER_STATE") || !exists(c, tablePrefix + "SLOT_RUNS")) {
      return new ClusterView(false, List.of(), Map.of());
    }
    List<ClusterMember> members = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM "
        + tablePrefix + "SCHEDULER_STATE WHERE SCHED_NAME = ? ORDER BY INSTANCE_NAME")) {
      p.setString(1, schedulerName);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          members.add(new ClusterMember(r.getString(1), Instant.ofEpochMilli(r.getLong(2)),
              Duration.ofMillis(r.getLong(3))));
        }
      }
    }
    Map<SlotId, LastRun> runs = new TreeMap<>();
    try (PreparedStatement p = c.prepareStatement("SELECT SLOT, INSTANCE_NAME, STARTED_AT, FINISHED_AT, OUTCOME FROM "
        + tablePrefix + "SLOT_RUNS WHERE SCHED_NAME = ?")) {
      p.setString(1, schedulerName);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long finished = r.getLong(4);
          Optional<Instant> end = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
          SlotId slot = SlotId.parse(r.getString(1));
          runs.put(slot, new LastRun(slot, r.getString(2), Instant.ofEpochMilli(r.getLong(3)), end, r.getString(5)));
        }
      }
    }
    return new ClusterView(true, members, runs);
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      p.setString(1, table.toLowerCase(java.util.Locale.ROOT));
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }
}
