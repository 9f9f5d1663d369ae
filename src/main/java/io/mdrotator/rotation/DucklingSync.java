package io.mdrotator.rotation;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.SlotObservation.Failures;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps an account's Duckling configuration as the policy declares it, apart from token service:
 * it runs after the slot's token work, never throws, and a refused or failed configuration is
 * reported ({@code ducklingsChecked}) and retried with backoff, never blocking minting, storing or
 * revoking. Only the account's first slot applies it. Drift is judged over the fields the policy
 * sets, against the server's normalized reply, so a default the server fills in (a cooldown) never
 * causes a repeated PUT.
 */
final class DucklingSync {
  /** The configuration last attempted for an account, and how often in a row it failed. */
  private record Attempt(DucklingConfig desired, Failures failures) {}

  private final MotherDuckApi md;
  private final Clock clock;
  private final EngineOptions options;
  private final RotationListener listener;
  private final Map<String, Attempt> failing = new ConcurrentHashMap<>();

  DucklingSync(MotherDuckApi md, Clock clock, EngineOptions options, RotationListener listener) {
    this.md = md;
    this.clock = clock;
    this.options = options;
    this.listener = listener;
  }

  /** Checks and, on drift, puts the account's declared config; a failure waits out its backoff. */
  void apply(SlotPolicy slot, AccountPolicy account) {
    if (!appliesTo(slot, account)) {
      return;
    }
    String user = account.username();
    DucklingConfig desired = account.ducklings().get();
    Instant now = clock.instant();
    Attempt last = failing.get(user);
    if (last != null && last.desired().equals(desired) && now.isBefore(retryAt(slot, last.failures()))) {
      return;
    }
    try {
      DucklingStatus status = correct(user, desired);
      failing.remove(user);
      listener.ducklingsChecked(user, status, Optional.empty(), Optional.empty());
    } catch (RuntimeException e) {
      Failures f = (last != null && last.desired().equals(desired) ? last.failures() : Failures.NONE).plusOne(now);
      failing.put(user, new Attempt(desired, f));
      DucklingStatus status = e instanceof MotherDuckApiException m && !m.isTransient()
          ? DucklingStatus.REJECTED : DucklingStatus.FAILED;
      listener.ducklingsChecked(user, status, Optional.of(e), Optional.of(retryAt(slot, f)));
    }
  }

  private DucklingStatus correct(String user, DucklingConfig desired) {
    if (satisfies(md.getDucklings(user), desired)) {
      return DucklingStatus.IN_SYNC;
    }
    md.setDucklings(user, desired);
    return DucklingStatus.UPDATED;
  }

  /** Read-only: whether this slot applies the account's Ducklings and the server's differ (one GET). */
  boolean drifted(SlotPolicy slot, AccountPolicy account) {
    return appliesTo(slot, account)
        && !satisfies(md.getDucklings(account.username()), account.ducklings().orElseThrow());
  }

  /** The account declares Ducklings and {@code slot} is its first slot (the one that applies them). */
  boolean appliesTo(SlotPolicy slot, AccountPolicy account) {
    // an account whose every slot is retired is being wound down: its Ducklings are left alone
    return account.ducklings().isPresent() && isFirstSlot(slot, account) && !account.retiring();
  }

  private Instant retryAt(SlotPolicy slot, Failures f) {
    return RotationTiming.nextAttempt(slot.id(), f, Optional.empty(), false, options);
  }

  private static boolean isFirstSlot(SlotPolicy slot, AccountPolicy account) {
    return !account.slots().isEmpty() && account.slots().get(0).id().equals(slot.id());
  }

  /**
   * True when {@code observed} has every field {@code desired} sets: sizes and flock size always,
   * a cooldown only when the policy sets one (the server's default is not a drift).
   */
  static boolean satisfies(DucklingConfig observed, DucklingConfig desired) {
    DucklingConfig.ReadWrite rw = desired.readWrite();
    DucklingConfig.ReadScaling rs = desired.readScaling();
    return rw.instanceSize() == observed.readWrite().instanceSize()
        && sameIfSet(rw.cooldownSeconds(), observed.readWrite().cooldownSeconds())
        && rs.instanceSize() == observed.readScaling().instanceSize()
        && rs.flockSize() == observed.readScaling().flockSize()
        && sameIfSet(rs.cooldownSeconds(), observed.readScaling().cooldownSeconds());
  }

  private static boolean sameIfSet(Optional<Integer> wanted, Optional<Integer> actual) {
    return wanted.isEmpty() || wanted.equals(actual);
  }
}
