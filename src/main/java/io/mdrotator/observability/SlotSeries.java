package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;

/**
 * The per-slot and per-account series of {@link RotationMetrics}, kept as plain values in maps and
 * turned into Prometheus snapshots at scrape time (one collector instead of 16 registered meters
 * per slot: registering 160,000 Micrometer meters dominated start-up, reload and heap with 10,000
 * slots). Names, help texts, types and labels are those the Micrometer meters had
 * (SlotSeriesGoldenTest). Series exist from {@link #sync} on; events for slots not registered are
 * ignored, so a slot removed while its job runs does not come back. Thread-safe.
 */
final class SlotSeries implements MultiCollector {
  static final String RESULT_SUCCESS = "success";
  static final String RESULT_FAILURE = "failure";
  static final String RESULT_CAS_LOST = "cas_lost";
  private static final RevocationReason[] REASONS = RevocationReason.values();
  private static final int SUCCEEDED = 0;
  private static final int FAILED = 1;
  private static final int CAS_LOST = 2;
  private static final int REVOKED = 3; // then 2 per reason: success, failure

  private static final Gauge[] GAUGES = {
    new Gauge("mdrotator_token_expiry_timestamp_seconds",
        "Expiry of the token Vault serves for the slot (NaN: unknown or never expires)", true, v -> v.expiry),
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

  /** An account's registered slots (guarded by membership) and its unmanaged-token count (NaN: not seen). */
  private static final class Account {
    int slots;
    volatile double unmanaged = Double.NaN;
  }

  private record Gauge(String name, String help, boolean tokenType, ToDoubleFunction<Values> value) {}

  /** One slot's values; a token-type change replaces it (new series, counters from zero). */
  static final class Values {
    final SlotKey key;
    final Labels slotLabels;
    final Labels typedLabels;
    volatile double expiry = Double.NaN;
    volatile double nextRotation = Double.NaN;
    volatile double lastSuccess = Double.NaN;
    volatile double consecutiveFailures = 0;
    volatile double managedTokens = Double.NaN;
    final AtomicLongArray counts = new AtomicLongArray(REVOKED + 2 * REASONS.length);

    Values(SlotKey key) {
      this.key = key;
      this.slotLabels = Labels.of("account", key.slot().username(), "slot", key.slot().slot());
      this.typedLabels = slotLabels.add("token_type", key.tokenType());
    }

    void succeeded(Instant at) {
      counts.incrementAndGet(SUCCEEDED);
      consecutiveFailures = 0;
      lastSuccess = seconds(at);
    }

    void failed(int consecutive) {
      counts.incrementAndGet(FAILED);
      consecutiveFailures = consecutive;
    }

    void casLost() {
      counts.incrementAndGet(CAS_LOST);
    }

    void revoked(RevocationReason reason, boolean success) {
      counts.incrementAndGet(REVOKED + 2 * reason.ordinal() + (success ? 0 : 1));
    }

    void observed(Optional<Instant> servedExpiry, Optional<Instant> next, int managed) {
      expiry = servedExpiry.map(SlotSeries::seconds).orElse(Double.NaN);
      nextRotation = next.map(SlotSeries::seconds).orElse(Double.NaN);
      managedTokens = managed;
    }
  }

  private final Map<SlotId, Values> slots = new ConcurrentHashMap<>();
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
  Optional<Values> get(SlotId slot) {
    return Optional.ofNullable(slots.get(slot));
  }

  /** Sets the account's unmanaged-token count, if the account has a registered slot. */
  void unmanaged(String account, int count) {
    Account a = accounts.get(account);
    if (a != null) {
      a.unmanaged = count;
    }
  }

  int size() {
    return slots.size();
  }

  private void registerOne(SlotKey key) {
    Values old = slots.get(key.slot());
    if (old != null && old.key.equals(key)) {
      return;
    }
    slots.put(key.slot(), new Values(key));
    if (old == null) {
      accounts.computeIfAbsent(key.slot().username(), a -> new Account()).slots++;
    }
  }

  @Override
  public MetricSnapshots collect() {
    List<Values> all = new ArrayList<>(slots.values());
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
    for (Gauge g : GAUGES) {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(g.name()).help(g.help());
      for (Values v : all) {
        b.dataPoint(GaugeDataPointSnapshot.builder()
            .labels(g.tokenType() ? v.typedLabels : v.slotLabels).value(g.value().applyAsDouble(v)).build());
      }
      out.add(b.build());
    }
    CounterSnapshot.Builder rotations = CounterSnapshot.builder().name(ROTATIONS).help("Rotations by result");
    CounterSnapshot.Builder revocations = CounterSnapshot.builder().name(REVOCATIONS).help("Token revocations");
    for (Values v : all) {
      counter(rotations, v.slotLabels.add("result", RESULT_SUCCESS), v.counts.get(SUCCEEDED));
      counter(rotations, v.slotLabels.add("result", RESULT_FAILURE), v.counts.get(FAILED));
      counter(rotations, v.slotLabels.add("result", RESULT_CAS_LOST), v.counts.get(CAS_LOST));
      for (RevocationReason r : REASONS) {
        Labels l = v.slotLabels.add("reason", r.label());
        counter(revocations, l.add("result", RESULT_SUCCESS), v.counts.get(REVOKED + 2 * r.ordinal()));
        counter(revocations, l.add("result", RESULT_FAILURE), v.counts.get(REVOKED + 2 * r.ordinal() + 1));
      }
    }
    out.add(rotations.build());
    out.add(revocations.build());
    GaugeSnapshot.Builder unmanaged = GaugeSnapshot.builder().name(UNMANAGED)
        .help("Live tokens on the account that md-rotator did not mint");
    accounts.forEach((account, a) -> {
      double v = a.unmanaged;
      if (!Double.isNaN(v)) {
        unmanaged.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("account", account)).value(v).build());
      }
    });
    out.add(unmanaged.build());
    return new MetricSnapshots(out);
  }

  @Override
  public List<String> getPrometheusNames() {
    List<String> names = new ArrayList<>();
    for (Gauge g : GAUGES) {
      names.add(g.name());
    }
    names.addAll(List.of(ROTATIONS, REVOCATIONS, UNMANAGED));
    return names;
  }

  private static void counter(CounterSnapshot.Builder b, Labels labels, long value) {
    b.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
  }

  static double seconds(Instant at) {
    return at.getEpochSecond() + at.getNano() / 1e9;
  }
}
