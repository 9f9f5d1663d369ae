package io.mdrotator.e2e;

import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.testing.EventLines;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens to the engines and checks every revocation at the instant it happens against Vault's
 * version history (read over HTTP by an independent client): the served token is never revoked,
 * a superseded one only once its successor's {@code created_time} + grace has passed. Also keeps a
 * line per event ({@link EventLines}) for assertions and failure messages. One slot; {@code clock} is the true time
 * (the emulators' clock), which may differ from the engine's.
 */
public final class RevocationAuditor extends EventLines {
  public record Revocation(String tokenId, Instant at, RevocationReason reason) {}

  public record Stored(long version, String tokenId, Instant createdTime) {}

  public final List<String> violations = new CopyOnWriteArrayList<>();
  public final List<Revocation> revocations = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final VaultEmulator vault;
  private final SlotPolicy slot;
  private final KvStore kv;
  private final TreeMap<Long, Stored> history = new TreeMap<>();
  /** Runs once on the next {@code minted} event (to break something mid-rotation). */
  public volatile Runnable onNextMint;

  public RevocationAuditor(Clock clock, VaultEmulator vault, SlotPolicy slot, KvStore kv) {
    this.clock = clock;
    this.vault = vault;
    this.slot = slot;
    this.kv = kv;
  }

  public boolean revoked(String tokenId) {
    return revocations.stream().anyMatch(r -> r.tokenId().equals(tokenId));
  }

  /** Refreshes the cached version history of the slot key (kept when Vault cannot be read). */
  public synchronized Map<Long, Stored> history() {
    long current = vault.currentVersion(slot.vaultPath());
    try {
      for (long v = history.isEmpty() ? 1 : history.lastKey() + 1; v <= current; v++) {
        Optional<KvVersion> kvv = kv.readVersion(slot.vaultPath(), v);
        if (kvv.isPresent()) {
          history.put(v, new Stored(v, kvv.get().data().get("token_id").orElse(""),
              kvv.get().createdTime()));
        }
      }
    } catch (VaultStoreException e) {
      // Vault sealed or faulted: the cache is what we know.
    }
    return new TreeMap<>(history);
  }

  /** When the token Vault served at some point stopped being served; empty if never served. */
  public Optional<Instant> supersededAt(String tokenId) {
    List<Stored> versions = new ArrayList<>(history().values());
    Optional<Instant> at = Optional.empty();
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).tokenId().equals(tokenId)) {
        at = i + 1 < versions.size() ? Optional.of(versions.get(i + 1).createdTime())
            : Optional.of(Instant.MAX);
      }
    }
    return at;
  }

  private synchronized void check(String tokenId, RevocationReason reason) {
    Instant now = clock.instant();
    Optional<Instant> superseded = supersededAt(tokenId);
    if (superseded.isEmpty()) {
      return; // never served: an orphan or a CAS loser
    }
    if (superseded.get().equals(Instant.MAX)) {
      violations.add("revoked the served token " + tokenId + " (" + reason + ") at " + now);
      return;
    }
    Instant allowed = superseded.get().plus(slot.gracePeriod());
    if (now.isBefore(allowed)) {
      violations.add("revoked " + tokenId + " (" + reason + ") at " + now + ", before " + allowed);
    }
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    lines.add("revoked " + tokenId + " " + reason.label() + " " + success + " at " + clock.instant());
    if (success) {
      check(tokenId, reason);
      revocations.add(new Revocation(tokenId, clock.instant(), reason));
    }
  }

  @Override
  public void intentRecorded(SlotId slot, String rotationId, Instant at) {
    lines.add("intent " + rotationId);
  }

  @Override
  public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
    super.minted(slot, rotationId, tokenId, expiresAt);
    Runnable hook = onNextMint;
    onNextMint = null;
    if (hook != null) {
      hook.run();
    }
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int n,
      Instant nextAttempt, Optional<Instant> deadline) {
    lines.add("failed " + n + " " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }
}
