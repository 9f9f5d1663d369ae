package io.mdrotator.ha;

import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.TokenNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a cluster from outside, every 50 ms, through the emulators' own state (not through any
 * node): which token each slot's Vault path serves, and which managed tokens MotherDuck lists. A
 * consumer's view: the served token must be live; a token must not vanish before it expires
 * unless it was never served or its successor was stored at least a grace period earlier. The
 * early-revocation check is sound (no false alarm): the successor's store time is bounded below
 * by the previous poll, the revocation time above by this poll.
 */
final class ClusterObserver implements AutoCloseable {
  /** A slot, where Vault serves it, and where its state document lives. */
  record Slot(SlotId id, String vaultPath, String statePath) {}

  private final DemoEnvironment env;
  private final List<Slot> slots;
  private final Duration grace;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  final List<String> violations = new CopyOnWriteArrayList<>();
  final Map<String, SlotId> slotOfToken = new ConcurrentHashMap<>();
  final Map<String, Instant> createdAt = new ConcurrentHashMap<>();
  final Map<String, Instant> firstServed = new ConcurrentHashMap<>();
  /** Token id to a lower bound of its successor's store time. */
  final Map<String, Instant> supersededAfter = new ConcurrentHashMap<>();
  /** Token id to an upper bound of its successor's store time (when the successor was seen served). */
  final Map<String, Instant> supersededSeen = new ConcurrentHashMap<>();
  /** Token id to when it was seen gone before its expiry (revoked). */
  final Map<String, Instant> vanished = new ConcurrentHashMap<>();
  private final Map<SlotId, String> served = new ConcurrentHashMap<>();
  private final Map<String, TokenInfo> live = new HashMap<>();
  private Instant previousPoll = Instant.MIN;
  volatile int polls;

  ClusterObserver(DemoEnvironment env, List<Slot> slots, Duration grace) {
    this.env = env;
    this.slots = List.copyOf(slots);
    this.grace = grace;
  }

  ClusterObserver start() {
    poller.scheduleWithFixedDelay(() -> {
      try {
        poll();
      } catch (RuntimeException e) {
        violations.add("observer failed: " + e);
      }
    }, 0, 50, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The token a slot's Vault path serves now, if any. */
  Optional<Map<String, Object>> servedData(Slot s) {
    return env.vault().currentData(s.vaultPath());
  }

  /** The state document's intents of {@code s}: intent field to the token name it announces. */
  Map<String, String> intents(Slot s) {
    Map<String, String> out = new TreeMap<>();
    env.vault().currentData(s.statePath()).orElse(Map.of()).forEach((k, v) -> {
      if (k.startsWith("intent.")) {
        String json = String.valueOf(v);
        int at = json.indexOf("\"tokenName\":\"");
        out.put(k, at < 0 ? json : json.substring(at + 13, json.indexOf('"', at + 13)));
      }
    });
    return out;
  }

  private synchronized void poll() {
    Instant t0 = Instant.now();
    for (Slot s : slots) {
      servedData(s).map(d -> (String) d.get("token_id")).ifPresent(id -> {
        String before = served.put(s.id(), id);
        firstServed.putIfAbsent(id, t0);
        if (before != null && !before.equals(id)) {
          supersededAfter.put(before, previousPoll); // the previous poll still read `before`
          supersededSeen.put(before, Instant.now());
        }
      });
    }
    Map<String, TokenInfo> now = new HashMap<>();
    for (String user : slots.stream().map(s -> s.id().username()).distinct().toList()) {
      for (TokenInfo t : env.motherDuck().liveTokens(user)) {
        TokenNames.parse(t.name()).ifPresent(p -> {
          now.put(t.id(), t);
          slotOfToken.putIfAbsent(t.id(), new SlotId(user, p.slot()));
          createdAt.putIfAbsent(t.id(), t.createdAt());
        });
      }
    }
    Instant t1 = Instant.now();
    for (TokenInfo gone : live.values()) {
      boolean expired = gone.expiresAt().map(e -> !e.isAfter(t1)).orElse(false);
      if (!now.containsKey(gone.id()) && !expired) {
        vanished.put(gone.id(), t1);
        checkRevocation(gone.id(), t0, t1);
      }
    }
    if (Duration.between(t0, t1).compareTo(grace) < 0) {
      served.forEach((slot, id) -> {
        if (!now.containsKey(id)) {
          violations.add(slot + ": served token " + id + " not live in MotherDuck at " + t1);
        }
      });
    }
    live.clear();
    live.putAll(now);
    previousPoll = t0;
    polls++;
  }

  private void checkRevocation(String id, Instant t0, Instant t1) {
    if (id.equals(served.get(slotOfToken.get(id)))) {
      violations.add("revoked the served token " + id + " of " + slotOfToken.get(id) + " by " + t1);
      return;
    }
    Instant after = supersededAfter.get(id);
    if (after != null && t1.isBefore(after.plus(grace))) {
      violations.add("revoked " + id + " of " + slotOfToken.get(id) + " by " + t1
          + ", before its successor's store time + grace (> " + after.plus(grace) + ")");
    }
  }

  /** Creation times of the managed tokens of each slot, oldest first. */
  synchronized Map<SlotId, List<Instant>> creations() {
    Map<SlotId, List<Instant>> out = new TreeMap<>();
    slotOfToken.forEach((id, slot) -> out.computeIfAbsent(slot, k -> new ArrayList<>()).add(createdAt.get(id)));
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  /** Managed tokens MotherDuck listed that Vault never served (wasted or doubled mints). */
  synchronized Set<String> neverServed() {
    Set<String> out = new HashSet<>(slotOfToken.keySet());
    out.removeAll(firstServed.keySet());
    return out;
  }

  /**
   * Orphans at {@code at}: live managed tokens neither served now nor superseded recently enough
   * that their revocation (due at successor store + grace, run within {@code slack}) may be pending.
   */
  synchronized List<String> orphans(Instant at, Duration slack) {
    List<String> out = new ArrayList<>();
    for (TokenInfo t : live.values()) {
      SlotId slot = slotOfToken.get(t.id());
      if (t.id().equals(served.get(slot))) {
        continue;
      }
      Instant seen = supersededSeen.get(t.id());
      if (seen == null || at.isAfter(seen.plus(grace).plus(slack))) {
        out.add(slot + ": " + t.id() + " (" + t.name() + ") live, " + (seen == null ? "never served"
            : "superseded by " + seen));
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    poller.shutdown();
    poller.awaitTermination(5, TimeUnit.SECONDS);
  }
}
