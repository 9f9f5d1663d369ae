package io.mdrotator.demo;

import io.mdrotator.observability.SecretMasker;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's console: prints each mint, store, supersede and revoke as it happens (token ids,
 * never secrets; a failure's message is masked like a log line) and counts rotations, revocations,
 * failures and orphan revocations.
 */
public final class DemoTally implements RotationListener {
  private final PrintStream out;
  private final Clock clock;
  private final AtomicInteger rotations = new AtomicInteger();
  private final AtomicInteger revocations = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger orphansRevoked = new AtomicInteger();

  public DemoTally(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  private void print(SlotId slot, String what) {
    out.printf("%s %-20s %s%n", clock.instant().toString().substring(11, 19), slot, what);
  }

  @Override
  public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
    print(slot, "minted   " + tokenId + expiresAt.map(e -> " (expires " + e + ")").orElse(""));
  }

  @Override
  public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
    print(slot, "stored   " + tokenId + " as Vault version " + vaultVersion);
  }

  @Override
  public void superseded(SlotId slot, String rotationId, String oldTokenId, Instant revokeAt) {
    print(slot, "superseded " + oldTokenId + ", revoke at " + revokeAt);
  }

  @Override
  public void rotationSucceeded(SlotId slot, String rotationId, Duration took) {
    rotations.incrementAndGet();
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    if (success) {
      revocations.incrementAndGet();
    }
    if (reason == RevocationReason.ORPHAN) {
      orphansRevoked.incrementAndGet();
    }
    print(slot, "revoked  " + tokenId + " (" + reason.label() + (success ? ")" : ", FAILED)"));
  }

  @Override
  public void rotationFailed(
      SlotId slot, String rotationId, Throwable cause, int consecutiveFailures, Instant nextAttempt,
      Optional<Instant> deadline) {
    failures.incrementAndGet();
    print(slot, "FAILED   " + SecretMasker.mask(cause.getMessage()) + "; retry at " + nextAttempt);
  }

  public int rotations() {
    return rotations.get();
  }

  public int revocations() {
    return revocations.get();
  }

  public int failures() {
    return failures.get();
  }

  public int orphansRevoked() {
    return orphansRevoked.get();
  }
}
