package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records events as text lines; failures also keep their arguments. */
final class RecordingListener implements RotationListener {
  final List<String> lines = new CopyOnWriteArrayList<>();
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

  long count(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).count();
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
  public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
    lines.add("minted " + tokenId);
  }

  @Override
  public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
    lines.add("stored " + tokenId + " v" + vaultVersion);
  }

  @Override
  public void verified(SlotId slot, String rotationId, String tokenId) {
    lines.add("verified " + tokenId);
  }

  @Override
  public void superseded(SlotId slot, String rotationId, String oldTokenId, Instant revokeAt) {
    lines.add("superseded " + oldTokenId + " " + revokeAt);
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    lines.add("revoked " + tokenId + " " + reason.label() + " " + success);
  }

  @Override
  public void rotationSucceeded(SlotId slot, String rotationId, Duration took) {
    lines.add("succeeded " + rotationId);
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int n,
      Instant nextAttempt, Optional<Instant> deadline) {
    lines.add("failed " + n + " " + nextAttempt + " " + cause.getMessage());
    failures.add(new Failure(cause, n, nextAttempt, deadline, clock == null ? Instant.EPOCH : clock.instant()));
  }

  @Override
  public void casLost(SlotId slot, String rotationId, String tokenId) {
    lines.add("casLost " + tokenId);
  }
}
