package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.FailureReason;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The per-slot and per-account series of {@link RotationMetrics}, kept as plain values in maps and
 * turned into Prometheus snapshots at scrape time (one collector instead of 16 registered meters
 * per slot: registering 160,000 Micrometer meters dominated start-up, reload and heap with 10,000
 * slots). Names, help texts, types and labels are those the Micrometer meters had
 * (SlotSeriesGoldenTest). Series exist from {@link #sync} on; events for slots not registered are
 * ignored, so a slot removed while its job runs does not come back. The expiry gauge keeps the last
 * known expiry of the served token (a dead token's expiry stays visible); failure counters by reason
 * and the Duckling gauge appear once they have something to say. Thread-safe.
 */
final class SlotSeries implements MultiCollector {
  static final String RESULT_SUCCESS = "success";
  static final String RESULT_FAILURE = "failure";
  static final String RESULT_CAS_LOST = "cas_lost";
  private static final RevocationReason[] REASONS = RevocationReason.values();
  private static final FailureReason[] FAILURE_REASONS = FailureReason.values();

  private static final Gauge[] GAUGES = {
    new Gauge("mdrotator_token_expiry_timestamp_seconds",
        "Last known expiry of the token Vault serves for the slot, kept when that token expires or is"
            + " revoked (NaN: no expiry known yet)", true, v -> v.expiry),
    new Gauge("mdrotator_served_token_live",
        "1 when the token Vault serves for the slot is one MotherDuck accepts (listed, not expired), 0 when"
            + " it is expired, revoked or missing (NaN: not observed yet)", false, v -> v.live),
    new Gauge("mdrotator_token_next_rotation_timestamp_seconds",
        "When the next rotation of the slot is planned", false, v -> v.nextRotation),
    new Gauge("mdrotator_rotation_last_success_timestamp_seconds",
        "Last successful rotation of the slot by this process (NaN: none yet)", false, v -> v.lastSuccess),
    new Gauge("mdrotator_rotation_consecutive_failures",
        "Failed rotation attempts since the last success", false, v -> v.consecutiveFailures),
    new Gauge("mdrotator_managed_tokens",
        "Live tokens md-rotator minted for the slot (healthy: 1 or 2)", false, v -> v.managedTokens),
  };
  private static final String ROTATIONS = "mdrotator_rotations";
  private static final String REVOCATIONS = "mdrotator_revocations";
  private static final String UNMANAGED = "mdrotator_unmanaged_tokens";
  private static final String FAILURES = "mdrotator_rotation_failures";
  private static final String DUCKLINGS = "mdrotator_ducklings_in_sync";

  /**
   * An account's registered slots (guarded by membership), its unmanaged-token count and whether its
   * Duckling configuration is in sync (NaN: not seen / not checked).
   */
  private static final class Account {
    int slots;
    volatile double unmanaged = Double.NaN;
    volatile double ducklingsInSync = Double.NaN;
  }

  private record Gauge(String name, String help, boolean tokenType, ToDoubleFunction<SlotValues> value) {}

  private final Map<SlotId, SlotValues> slots = new ConcurrentHashMap<>();
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Object membership = new Object();

  /** Registers {@code keys} (idempotent; a changed token type re-labels the slot). */
  void register(Collection<SlotKey> keys) {
    synchronized (membership) {
      keys.forEach(this::registerOne);
    }
  }

  /** Makes exactly {@code keys} the reported slots. */
  void sync(Collection<SlotKey> keys) {
    synchronized (membership) {
      Set<SlotId> keep = new HashSet<>(keys.size() * 2);
      keys.forEach(k -> keep.add(k.slot()));
      for (SlotId s : new ArrayList<>(slots.keySet())) {
        if (!keep.contains(s)) {
          forget(s);
        }
      }
      keys.forEach(this::registerOne);
    }
  }

  /** Removes the slot's series, and its account's when it was the account's last slot. */
  void forget(SlotId slot) {
    synchronized (membership) {
      if (slots.remove(slot) != null) {
        Account a = accounts.get(slot.username());
        if (a != null && --a.slots <= 0) {
          accounts.remove(slot.username());
        }
      }
    }
  }

  /** The slot's values, or empty when it is not registered. */
  Optional<SlotValues> get(SlotId slot) {
    return Optional.ofNullable(slots.get(slot));
  }

  /** Sets the account's unmanaged-token count, if the account has a registered slot. */
  void unmanaged(String account, int count) {
    Account a = accounts.get(account);
    if (a != null) {
      a.unmanaged = count;
    }
  }

  /**
   * Records the account's Duckling check, if the account has a registered slot: in sync after
   * IN_SYNC/UPDATED, not after REJECTED/FAILED. A configuration waiting for its retry is not
   * checked, so the value stays.
   */
  void ducklings(String account, DucklingStatus status) {
    Account a = accounts.get(account);
    if (a != null) {
      a.ducklingsInSync = status.inSync() ? 1 : 0;
    }
  }

  int size() {
    return slots.size();
  }

  private void registerOne(SlotKey key) {
    SlotValues old = slots.get(key.slot());
    if (old != null && old.key.equals(key)) {
      return;
    }
    slots.put(key.slot(), new SlotValues(key));
    if (old == null) {
      accounts.computeIfAbsent(key.slot().username(), a -> new Account()).slots++;
    }
  }

  @Override
  public MetricSnapshots collect() {
    List<SlotValues> all = new ArrayList<>(slots.values());
    List<MetricSnapshot> out = new ArrayList<>();
    for (Gauge g : GAUGES) {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(g.name()).help(g.help());
      for (SlotValues v : all) {
        gauge(b, g.tokenType() ? v.typedLabels : v.slotLabels, g.value().applyAsDouble(v));
      }
      out.add(b.build());
    }
    out.add(rotations(all));
    out.add(failures(all));
    out.add(revocations(all));
    out.add(perAccount(UNMANAGED, "Live tokens on the account that md-rotator did not mint", a -> a.unmanaged));
    out.add(perAccount(DUCKLINGS, "1 when the account's Duckling configuration matches the policy, 0 after"
        + " MotherDuck rejected it or applying it failed (absent: not checked yet)", a -> a.ducklingsInSync));
    return new MetricSnapshots(out);
  }

  private static CounterSnapshot rotations(List<SlotValues> all) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(ROTATIONS).help("Rotations by result");
    for (SlotValues v : all) {
      counter(b, v.slotLabels.add("result", RESULT_SUCCESS), v.succeededCount());
      counter(b, v.slotLabels.add("result", RESULT_FAILURE), v.failedCount());
      counter(b, v.slotLabels.add("result", RESULT_CAS_LOST), v.casLostCount());
    }
    return b.build();
  }

  /** Only reasons that occurred: the label set stays bounded and mostly empty. */
  private static CounterSnapshot failures(List<SlotValues> all) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(FAILURES)
        .help("Failed rotation attempts by reason (a bounded classification of the cause)");
    for (SlotValues v : all) {
      for (FailureReason r : FAILURE_REASONS) {
        long n = v.failureCount(r);
        if (n > 0) {
          counter(b, v.slotLabels.add("reason", r.label()), n);
        }
      }
    }
    return b.build();
  }

  private static CounterSnapshot revocations(List<SlotValues> all) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(REVOCATIONS).help("Token revocations");
    for (SlotValues v : all) {
      for (RevocationReason r : REASONS) {
        Labels l = v.slotLabels.add("reason", r.label());
        counter(b, l.add("result", RESULT_SUCCESS), v.revokedCount(r, true));
        counter(b, l.add("result", RESULT_FAILURE), v.revokedCount(r, false));
      }
    }
    return b.build();
  }

  /** One series per account whose value is known (not NaN). */
  private GaugeSnapshot perAccount(String name, String help, ToDoubleFunction<Account> value) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    accounts.forEach((account, a) -> {
      double v = value.applyAsDouble(a);
      if (!Double.isNaN(v)) {
        gauge(b, Labels.of("account", account), v);
      }
    });
    return b.build();
  }

  @Override
  public List<String> getPrometheusNames() {
    List<String> names = new ArrayList<>();
    for (Gauge g : GAUGES) {
      names.add(g.name());
    }
    names.addAll(List.of(ROTATIONS, FAILURES, REVOCATIONS, UNMANAGED, DUCKLINGS));
    return names;
  }

  private static void gauge(GaugeSnapshot.Builder b, Labels labels, double value) {
    b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
  }

  private static void counter(CounterSnapshot.Builder b, Labels labels, long value) {
    b.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
  }

  static double seconds(Instant at) {
    return at.getEpochSecond() + at.getNano() / 1e9;
  }
}
