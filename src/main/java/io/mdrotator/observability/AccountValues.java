package io.mdrotator.observability;

import io.mdrotator.rotation.FailureReason;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One account's series values: how many registered slots it has (guarded by {@link SlotSeries}'s
 * membership lock), its unmanaged-token count and Duckling state (NaN: not seen / not checked),
 * each with the epoch second this process set it (which replica's value is freshest), and the
 * counters of its slots' rotations, failures by reason and revocations by reason and result.
 * Counters are per account, not per slot: a per-slot counter that nearly every slot reaches in a
 * month would be a series per slot for good.
 */
final class AccountValues {
  static final String[] RESULTS = {"success", "failure", "cas_lost"};
  static final int SUCCEEDED = 0;
  static final int FAILED = 1;
  static final int CAS_LOST = 2;
  static final RevocationReason[] REASONS = RevocationReason.values();
  static final FailureReason[] FAILURE_REASONS = FailureReason.values();

  int slots;
  volatile double unmanaged = Double.NaN;
  volatile double unmanagedObservedAt = Double.NaN;
  volatile double ducklingsInSync = Double.NaN;
  volatile double ducklingsCheckedAt = Double.NaN;
  private final AtomicLongArray rotations = new AtomicLongArray(RESULTS.length);
  private final AtomicLongArray failures = new AtomicLongArray(FAILURE_REASONS.length);
  private final AtomicLongArray revocations = new AtomicLongArray(2 * REASONS.length);

  void succeeded() {
    rotations.incrementAndGet(SUCCEEDED);
  }

  void failed(FailureReason reason) {
    rotations.incrementAndGet(FAILED);
    failures.incrementAndGet(reason.ordinal());
  }

  void casLost() {
    rotations.incrementAndGet(CAS_LOST);
  }

  void revoked(RevocationReason reason, boolean success) {
    revocations.incrementAndGet(revokedIndex(reason, success));
  }

  long rotations(int result) {
    return rotations.get(result);
  }

  long failures(FailureReason reason) {
    return failures.get(reason.ordinal());
  }

  long revocations(RevocationReason reason, boolean success) {
    return revocations.get(revokedIndex(reason, success));
  }

  /** Counters appear per account once non-zero (alerts on their first increase use {@code unless offset}). */
  static CounterSnapshot rotations(String family, Map<String, AccountValues> acc) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(family)
        .help("Rotations of the account's slots by result (present once non-zero)");
    acc.forEach((name, a) -> {
      for (int r = 0; r < RESULTS.length; r++) {
        long n = a.rotations(r);
        if (n > 0) {
          counter(b, Labels.of("account", name, "result", RESULTS[r]), n);
        }
      }
    });
    return b.build();
  }

  static CounterSnapshot failures(String family, Map<String, AccountValues> acc) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(family).help("Failed rotation attempts of the"
        + " account's slots by reason (a bounded classification of the cause; present once non-zero)");
    acc.forEach((name, a) -> {
      for (FailureReason r : FAILURE_REASONS) {
        long n = a.failures(r);
        if (n > 0) {
          counter(b, Labels.of("account", name, "reason", r.label()), n);
        }
      }
    });
    return b.build();
  }

  static CounterSnapshot revocations(String family, Map<String, AccountValues> acc) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(family)
        .help("Token revocations on the account by reason and result (present once non-zero)");
    acc.forEach((name, a) -> {
      for (RevocationReason r : REASONS) {
        for (boolean success : new boolean[] {true, false}) {
          long n = a.revocations(r, success);
          if (n > 0) {
            counter(b, Labels.of("account", name, "reason", r.label(), "result", success ? "success" : "failure"), n);
          }
        }
      }
    });
    return b.build();
  }

  private static void counter(CounterSnapshot.Builder b, Labels labels, long value) {
    if (value > 0) {
      b.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
    }
  }

  private static int revokedIndex(RevocationReason reason, boolean success) {
    return 2 * reason.ordinal() + (success ? 0 : 1);
  }
}
