package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.policy.SlotId;
import io.mdrotator.schedule.ClusterMember;
import io.mdrotator.schedule.ClusterView;
import io.mdrotator.schedule.LastRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster part of {@code md-rotator plan}: with the memory store a plain "single node"; with
 * the clustered store the members (instance id, last check-in, age, live/stale) and, per slot, the
 * node that last ran it. Pure: {@link ClusterView} in, maps and lines out.
 */
final class ClusterSection {
  private ClusterSection() {}

  /** The memory store: no shared state, nothing to ask. */
  static Map<String, Object> singleNode() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("store", "memory");
    m.put("single_node", true);
    m.put("note", "scheduler.store is memory: this is a single node; no other node shares its schedule");
    return m;
  }

  /** The clustered store as {@code view} shows it at {@code now}. */
  static Map<String, Object> of(ClusterView view, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("store", "jdbc");
    m.put("single_node", false);
    if (!view.initialised()) {
      m.put("note", "no node has started on this database yet (tables missing)");
    }
    List<Map<String, Object>> members = new ArrayList<>();
    for (ClusterMember c : view.members()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("instance_id", c.instanceId());
      row.put("last_checkin", c.lastCheckin().toString());
      row.put("age_seconds", seconds(c.age(now)));
      row.put("checkin_interval_seconds", seconds(c.checkinInterval()));
      row.put("status", c.liveAt(now) ? "live" : "stale");
      members.add(row);
    }
    m.put("members", members);
    return m;
  }

  /** The {@code last_run} entry of a slot row; empty if no node has run the slot yet. */
  static Optional<Map<String, Object>> lastRun(ClusterView view, SlotId slot, Instant now) {
    return Optional.ofNullable(view.lastRuns().get(slot)).map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", r.instanceId());
      m.put("started_at", r.startedAt().toString());
      m.put("finished_at", r.finishedAt().map(Instant::toString).orElse(null));
      m.put("age_seconds", seconds(Duration.between(r.finishedAt().orElse(r.startedAt()), now)));
      m.put("outcome", r.outcome());
      return m;
    });
  }

  /** Text form of a {@code last_run} entry. */
  static String lastRunText(Map<String, Object> run) {
    boolean done = run.get("finished_at") != null;
    return run.get("node") + (done ? " finished " + run.get("finished_at") : " started " + run.get("started_at"))
        + " (" + run.get("age_seconds") + "s ago): " + run.get("outcome");
  }

  /** Text form of the section, a header line and one line per member. */
  static List<String> text(Map<String, Object> section) {
    List<String> out = new ArrayList<>();
    if (Boolean.TRUE.equals(section.get("single_node"))) {
      out.add("cluster: single node (scheduler.store: memory)");
      return out;
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) section.get("members");
    long live = members.stream().filter(r -> "live".equals(r.get("status"))).count();
    out.add("cluster: scheduler.store jdbc, " + members.size() + " member(s), " + live + " live"
        + (section.containsKey("note") ? " (" + section.get("note") + ")" : ""));
    for (Map<String, Object> r : members) {
      out.add("  " + r.get("instance_id") + "  last check-in " + r.get("last_checkin")
          + "  age " + r.get("age_seconds") + "s  " + r.get("status"));
    }
    return out;
  }

  /** Whether the config uses the clustered store. */
  static boolean clustered(DaemonConfig config) {
    return config.scheduler().store() == DaemonConfig.Scheduler.Store.JDBC;
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }
}
