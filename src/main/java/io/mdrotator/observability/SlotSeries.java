package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
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
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The per-slot and per-account series of {@link RotationMetrics}, kept as plain values in maps and
 * turned into Prometheus snapshots at scrape time (one collector instead of registered meters per
 * slot). Per slot: five gauges (served expiry, served token live, next rotation, last success,
 * observation time), the consecutive failures while there are any and the managed-token count
 * while it is outside the healthy 1..2. Per account: the unmanaged-token count and the Duckling
 * state, each with the time this process set it, and counters of rotations by result, failures by
 * reason and revocations by reason and result, each present once non-zero. The per-slot gauges
 * are written straight to text by {@link SlotSeriesText} on the text formats ({@link #textFamily});
 * {@link #collect} gives the same series for every other format.
 * Series exist from {@link #sync} on; events for slots not registered are ignored, so a slot
 * removed while its job runs does not come back. Thread-safe.
 */
final class SlotSeries implements MultiCollector {
  /** A per-slot gauge: {@code sparse} ones are left out while their value is NaN. */
  record Gauge(String name, String help, boolean tokenType, boolean sparse, ToDoubleFunction<SlotValues> value) {}

  static final List<Gauge> GAUGES = List.of(
    new Gauge("mdrotator_token_expiry_timestamp_seconds",
        "Last known expiry of the token Vault serves for the slot, kept when that token expires or is"
            + " revoked (NaN: no expiry known yet)", true, false, v -> v.expiry),
    new Gauge("mdrotator_served_token_live",
        "1 when the token Vault serves for the slot is one MotherDuck accepts (listed, not expired), 0 when"
            + " it is expired, revoked or missing (NaN: not observed yet)", false, false, v -> v.live),
    new Gauge("mdrotator_token_next_rotation_timestamp_seconds",
        "When the next rotation of the slot is planned", false, false, v -> v.nextRotation),
    new Gauge("mdrotator_rotation_last_success_timestamp_seconds",
        "Last successful rotation of the slot by this process (NaN: none yet)", false, false, v -> v.lastSuccess),
    new Gauge("mdrotator_rotation_consecutive_failures",
        "Failed rotation attempts since the last success, present only while there are any",
        false, true, SlotValues::consecutiveFailuresIfAny),
    new Gauge("mdrotator_slot_observed_timestamp_seconds",
        "When this process last set the slot's gauges from what it saw (observation, liveness check or"
            + " rotation outcome); with several replicas the freshest one is right (NaN: not yet)",
        false, false, v -> v.observedAt),
    new Gauge("mdrotator_managed_tokens",
        "Live tokens md-rotator minted for the slot, present only while outside the healthy 1..2",
        false, true, SlotValues::managedTokensIfUnhealthy));
  private static final String ROTATIONS = "mdrotator_rotations";
  private static final String REVOCATIONS = "mdrotator_revocations";
  private static final String UNMANAGED = "mdrotator_unmanaged_tokens";
  private static final String FAILURES = "mdrotator_rotation_failures";
  private static final String DUCKLINGS = "mdrotator_ducklings_in_sync";
  private static final String UNMANAGED_AT = "mdrotator_unmanaged_tokens_observed_timestamp_seconds";
  private static final String DUCKLINGS_AT = "mdrotator_ducklings_checked_timestamp_seconds";
  private static final Set<String> TEXT_FAMILIES = GAUGES.stream().map(Gauge::name).collect(Collectors.toUnmodifiableSet());

  private final Map<SlotId, SlotValues> slots = new ConcurrentHashMap<>();
  private final Map<String, AccountValues> accounts = new ConcurrentHashMap<>();
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
        AccountValues a = accounts.get(slot.username());
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

  /** Sets the account's unmanaged-token count, counted {@code at}, if the account has a registered slot. */
  void unmanaged(String account, int count, Instant at) {
    AccountValues a = accounts.get(account);
    if (a != null) {
      a.unmanaged = count;
      a.unmanagedObservedAt = seconds(at);
    }
  }

  /**
   * Records the account's Duckling check, if the account has a registered slot: in sync after
   * IN_SYNC/UPDATED, not after REJECTED/FAILED, checked {@code at}. A configuration waiting for its
   * retry is not checked, so the value and its time stay.
   */
  void ducklings(String account, DucklingStatus status, Instant at) {
    AccountValues a = accounts.get(account);
    if (a != null) {
      a.ducklingsInSync = status.inSync() ? 1 : 0;
      a.ducklingsCheckedAt = seconds(at);
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
      accounts.computeIfAbsent(key.slot().username(), a -> new AccountValues()).slots++;
    }
  }

  /** The account's values, or empty when none of its slots is registered. */
  Optional<AccountValues> account(String account) {
    return Optional.ofNullable(accounts.get(account));
  }

  /** Registered slots' values, in no particular order (a live view). */
  Collection<SlotValues> values() {
    return slots.values();
  }

  /** Families {@link SlotSeriesText} writes on the text formats instead of {@link #collect}. */
  static boolean textFamily(String name) {
    return TEXT_FAMILIES.contains(name);
  }

  @Override
  public MetricSnapshots collect() {
    return collect(name -> true);
  }

  /** Builds only the included families: the text formats leave the per-slot gauges out. */
  @Override
  public MetricSnapshots collect(Predicate<String> included) {
    List<SlotValues> all = new ArrayList<>(slots.values());
    List<MetricSnapshot> out = new ArrayList<>();
    for (Gauge g : GAUGES) {
      if (included.test(g.name())) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(g.name()).help(g.help());
        for (SlotValues v : all) {
          double value = g.value().applyAsDouble(v);
          if (!(g.sparse() && Double.isNaN(value))) {
            gauge(b, g.tokenType() ? v.typedLabels : v.slotLabels, value);
          }
        }
        out.add(b.build());
      }
    }
    Map<String, AccountValues> acc = new TreeMap<>(accounts);
    add(out, included, ROTATIONS, () -> AccountValues.rotations(ROTATIONS, acc));
    add(out, included, FAILURES, () -> AccountValues.failures(FAILURES, acc));
    add(out, included, REVOCATIONS, () -> AccountValues.revocations(REVOCATIONS, acc));
    add(out, included, UNMANAGED, () -> perAccount(acc, UNMANAGED,
        "Live tokens on the account that md-rotator did not mint", a -> a.unmanaged));
    add(out, included, DUCKLINGS, () -> perAccount(acc, DUCKLINGS, "1 when the account's Duckling configuration"
        + " matches the policy, 0 after MotherDuck rejected it or applying it failed (absent: not checked yet)",
        a -> a.ducklingsInSync));
    add(out, included, UNMANAGED_AT, () -> perAccount(acc, UNMANAGED_AT, "When this process last counted the"
        + " account's unmanaged tokens; with several replicas the freshest one is right", a -> a.unmanagedObservedAt));
    add(out, included, DUCKLINGS_AT, () -> perAccount(acc, DUCKLINGS_AT, "When this process last checked the"
        + " account's Duckling configuration; with several replicas the freshest one is right", a -> a.ducklingsCheckedAt));
    return new MetricSnapshots(out);
  }

  private static void add(List<MetricSnapshot> out, Predicate<String> included, String name,
      Supplier<MetricSnapshot> family) {
    if (included.test(name)) {
      out.add(family.get());
    }
  }

  /** One series per account whose value is known (not NaN). */
  private static GaugeSnapshot perAccount(Map<String, AccountValues> acc, String name, String help,
      ToDoubleFunction<AccountValues> value) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    acc.forEach((account, a) -> {
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
    GAUGES.forEach(g -> names.add(g.name()));
    names.addAll(List.of(ROTATIONS, FAILURES, REVOCATIONS, UNMANAGED, DUCKLINGS, UNMANAGED_AT, DUCKLINGS_AT));
    return names;
  }

  private static void gauge(GaugeSnapshot.Builder b, Labels labels, double value) {
    b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
  }

  static double seconds(Instant at) {
    return at.getEpochSecond() + at.getNano() / 1e9;
  }
}
