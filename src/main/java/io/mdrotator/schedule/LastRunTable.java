package io.mdrotator.schedule;

import io.mdrotator.policy.SlotId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code <prefix>SLOT_RUNS} row of a slot when a node starts and finishes running it
 * (clustered store only). Bookkeeping for {@code md-rotator plan}: a failed write is logged and
 * never fails the rotation.
 */
public final class LastRunTable {
  /** Key of the node's instance in the Quartz scheduler context (absent with the memory store). */
  static final String CONTEXT_KEY = "md-rotator.slotRuns";
  private static final Logger LOG = LoggerFactory.getLogger(LastRunTable.class);
  private static final int OUTCOME_MAX = 250;

  private final DataSource ds;
  private final String upsert;
  private final String schedulerName;
  private final Clock clock;

  LastRunTable(DataSource ds, String tablePrefix, String schedulerName, Clock clock) {
    this.ds = Objects.requireNonNull(ds, "ds");
    this.schedulerName = Objects.requireNonNull(schedulerName, "schedulerName");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.upsert = "INSERT INTO " + tablePrefix + "SLOT_RUNS"
        + " (SCHED_NAME, SLOT, INSTANCE_NAME, STARTED_AT, FINISHED_AT, OUTCOME) VALUES (?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (SCHED_NAME, SLOT) DO UPDATE SET INSTANCE_NAME = EXCLUDED.INSTANCE_NAME,"
        + " STARTED_AT = EXCLUDED.STARTED_AT, FINISHED_AT = EXCLUDED.FINISHED_AT, OUTCOME = EXCLUDED.OUTCOME";
  }

  /** Records that {@code instanceId} started {@code slot} now; returns the start time (epoch ms). */
  long started(SlotId slot, String instanceId) {
    long now = clock.millis();
    write(slot, instanceId, now, Optional.empty(), LastRun.RUNNING);
    return now;
  }

  /** Records how the run begun at {@code startedAt} ended. */
  void finished(SlotId slot, String instanceId, long startedAt, String outcome) {
    write(slot, instanceId, startedAt, Optional.of(clock.millis()), outcome);
  }

  private void write(SlotId slot, String instanceId, long startedAt, Optional<Long> finishedAt, String outcome) {
    try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(upsert)) {
      p.setString(1, schedulerName);
      p.setString(2, slot.toString());
      p.setString(3, instanceId);
      p.setLong(4, startedAt);
      if (finishedAt.isPresent()) {
        p.setLong(5, finishedAt.get());
      } else {
        p.setNull(5, java.sql.Types.BIGINT);
      }
      p.setString(6, outcome.length() > OUTCOME_MAX ? outcome.substring(0, OUTCOME_MAX) : outcome);
      p.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("cannot record run of slot {} ({}) in SLOT_RUNS: {}", slot, outcome, e.toString());
    }
  }
}
