package io.mdrotator.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A node as the shared store sees it: its Quartz instance id and its last check-in.
 *
 * @param checkinInterval the interval the node itself announced
 */
public record ClusterMember(String instanceId, Instant lastCheckin, Duration checkinInterval) {
  public ClusterMember {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(lastCheckin, "lastCheckin");
    Objects.requireNonNull(checkinInterval, "checkinInterval");
  }

  /** How long ago the node last checked in (zero if its clock is ahead of ours). */
  public Duration age(Instant now) {
    Duration d = Duration.between(lastCheckin, now);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * Quartz's own rule: a node whose last check-in is older than its interval plus 7.5 s is dead,
   * and the next check-in of a live node recovers its in-flight runs.
   */
  public boolean liveAt(Instant now) {
    return !now.isAfter(lastCheckin.plus(checkinInterval).plus(JdbcStore.QUARTZ_GRACE));
  }
}
