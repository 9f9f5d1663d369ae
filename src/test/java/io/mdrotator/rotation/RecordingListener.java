package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import io.mdrotator.testing.EventLines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records events as text lines ({@link EventLines}); failures also keep their arguments. */
final class RecordingListener extends EventLines {
  final List<Failure> failures = new CopyOnWriteArrayList<>();

  final List<Liveness> liveness = new CopyOnWriteArrayList<>();
  final List<DucklingCheck> ducklings = new CopyOnWriteArrayList<>();

  /** The engine's clock, when set: failures record when they were reported. */
  volatile java.time.Clock clock;

  record Failure(Throwable cause, int consecutive, Instant nextAttempt, Optional<Instant> deadline, Instant at) {}

  record DucklingCheck(String username, DucklingStatus status, Optional<Throwable> failure, Optional<Instant> next) {}

  @Override
  public void servedTokenLiveness(SlotId slot, Liveness l) {
    liveness.add(l);
  }

  @Override
  public void rotationStarting(SlotId slot, PlannedAction.RotateReason reason, Optional<String> servedTokenId) {
    lines.add("starting " + slot + " " + reason.label());
  }

  @Override
  public void ducklingsChecked(String username, DucklingStatus status, Optional<Throwable> failure,
      Optional<Instant> next) {
    ducklings.add(new DucklingCheck(username, status, failure, next));
  }

  @Override
  public void slotObserved(SlotId slot, String type, Optional<Instant> expiry,
      Optional<Instant> next, int managed, int unmanaged) {
    lines.add("observed " + slot + " " + expiry + " " + next + " " + managed + " " + unmanaged);
  }

  @Override
  public void intentRecorded(SlotId slot, String rotationId, Instant at) {
    lines.add("intent " + slot + " " + rotationId);
  }

  @Override
  public void verified(SlotId slot, String rotationId, String tokenId) {
    lines.add("verified " + tokenId);
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    lines.add("revoked " + tokenId + " " + reason.label() + " " + success);
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int n,
      Instant nextAttempt, Optional<Instant> deadline) {
    lines.add("failed " + n + " " + nextAttempt + " " + cause.getMessage());
    failures.add(new Failure(cause, n, nextAttempt, deadline, clock == null ? Instant.EPOCH : clock.instant()));
  }
}
