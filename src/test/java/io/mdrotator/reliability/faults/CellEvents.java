package io.mdrotator.reliability.faults;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's events a cell asserts on, each with the true time it happened: rotation starts and
 * their reason, Duckling checks, failed attempts with their planned retry, stores. {@link #onNextStore}
 * lets a cell break something right after a token was stored (before it is verified and completed).
 */
final class CellEvents implements RotationListener {
  record Starting(Instant at, RotateReason reason, Optional<String> servedTokenId) {}

  record Ducklings(Instant at, String username, DucklingStatus status, Optional<Throwable> failure,
      Optional<Instant> nextAttempt) {}

  record Failed(Instant at, Throwable cause, int consecutive, Instant nextAttempt) {}

  record Stored(Instant at, String tokenId, long version) {}

  final List<Starting> starting = new CopyOnWriteArrayList<>();
  final List<Ducklings> ducklings = new CopyOnWriteArrayList<>();
  final List<Failed> failed = new CopyOnWriteArrayList<>();
  final List<Stored> stored = new CopyOnWriteArrayList<>();
  /** Runs once on the next {@code stored} event. */
  volatile Runnable onNextStore;
  private final Clock clock;

  CellEvents(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void rotationStarting(SlotId slot, RotateReason reason, Optional<String> servedTokenId) {
    starting.add(new Starting(clock.instant(), reason, servedTokenId));
  }

  @Override
  public void ducklingsChecked(String username, DucklingStatus status, Optional<Throwable> failure,
      Optional<Instant> nextAttempt) {
    ducklings.add(new Ducklings(clock.instant(), username, status, failure, nextAttempt));
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int consecutiveFailures,
      Instant nextAttempt, Optional<Instant> deadline) {
    failed.add(new Failed(clock.instant(), cause, consecutiveFailures, nextAttempt));
  }

  @Override
  public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
    stored.add(new Stored(clock.instant(), tokenId, vaultVersion));
    Runnable hook = onNextStore;
    onNextStore = null;
    if (hook != null) {
      hook.run();
    }
  }
}
