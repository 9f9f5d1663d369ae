package io.mdrotator.reliability.crash;

import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.SecretContract;
import io.mdrotator.rotation.TokenNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches one slot from outside through the emulators' state, on the emulators' clock: which token
 * Vault serves and which of the slot's managed tokens MotherDuck lists. A listed token that
 * disappears before its expiry was revoked; that is a violation when it was still served, or when
 * its successor was stored less than a grace period earlier. The check is sound (no false alarm):
 * the successor's store time is bounded below by the previous poll, the revocation above by this
 * one. Tests call {@link #poll()} after every daemon run, before moving the clock, so a jump never
 * widens those bounds.
 */
final class TokenLedger {
  private final MotherDuckEmulator md;
  private final VaultEmulator vault;
  private final Clock clock;
  private final String username;
  private final String slot;
  private final String vaultPath;
  private final Duration grace;
  private final Map<String, TokenInfo> live = new HashMap<>();
  /** Token id to a lower bound of its successor's store time. */
  private final Map<String, Instant> supersededAfter = new HashMap<>();
  /** Token id to an upper bound of its successor's store time. */
  private final Map<String, Instant> supersededBy = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private String served;
  private Instant previousPoll = Instant.MIN;
  private int revocations;

  TokenLedger(MotherDuckEmulator md, VaultEmulator vault, Clock clock, String username, String slot,
      String vaultPath, Duration grace) {
    this.md = md;
    this.vault = vault;
    this.clock = clock;
    this.username = username;
    this.slot = slot;
    this.vaultPath = vaultPath;
    this.grace = grace;
  }

  synchronized void poll() {
    Instant t0 = clock.instant();
    vault.currentData(vaultPath).map(d -> String.valueOf(d.get(SecretContract.TOKEN_ID))).ifPresent(id -> {
      if (served != null && !served.equals(id)) {
        supersededAfter.put(served, previousPoll);
        supersededBy.put(served, t0);
      }
      served = id;
    });
    Map<String, TokenInfo> now = new HashMap<>();
    for (TokenInfo t : md.liveTokens(username)) {
      if (TokenNames.parse(t.name()).map(p -> p.slot().equals(slot)).orElse(false)) {
        now.put(t.id(), t);
      }
    }
    Instant t1 = clock.instant();
    for (TokenInfo gone : live.values()) {
      boolean expired = gone.expiresAt().map(e -> !e.isAfter(t1)).orElse(false);
      if (!now.containsKey(gone.id()) && !expired) {
        revocations++;
        checkRevocation(gone.id(), t1);
      }
    }
    live.clear();
    live.putAll(now);
    previousPoll = t0;
  }

  private void checkRevocation(String id, Instant by) {
    if (id.equals(served)) {
      violations.add("revoked the served token " + id + " by " + by);
      return;
    }
    Instant after = supersededAfter.get(id);
    if (after != null && by.isBefore(after.plus(grace))) {
      violations.add("revoked " + id + " by " + by + ", before its successor's store time + grace (> "
          + after.plus(grace) + ")");
    }
  }

  /**
   * Listed managed tokens that are neither served nor superseded less than a grace period before
   * {@code at}: after a cycle at {@code at} nothing else may be left.
   */
  synchronized List<String> orphans(Instant at) {
    List<String> out = new ArrayList<>();
    for (TokenInfo t : live.values()) {
      Instant successor = supersededBy.get(t.id());
      if (t.id().equals(served) || successor != null && at.isBefore(successor.plus(grace))) {
        continue;
      }
      out.add(t.id() + " (" + t.name() + ") live, " + (successor == null ? "never served" : "superseded by " + successor));
    }
    return out;
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized int revocations() {
    return revocations;
  }

  synchronized String served() {
    return served;
  }
}
