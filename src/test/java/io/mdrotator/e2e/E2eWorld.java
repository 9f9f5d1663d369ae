package io.mdrotator.e2e;

import io.mdrotator.emulator.MutableClock;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.Emulators;
import io.mdrotator.testing.Reconciles;
import io.mdrotator.testing.Slots;
import io.mdrotator.vault.VaultKvStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Both emulators over loopback HTTP ({@link Emulators}), the real adapters, one slot and one shared
 * {@link MutableClock} (emulators, adapters and engine all read it). The {@link SlotWatch} (with
 * the consumer probe) and the {@link RevocationAuditor} check every step.
 */
final class E2eWorld implements AutoCloseable {
  static final String USER = "etl_service";
  static final Duration TTL = Duration.ofHours(1);
  static final Duration RENEW_BEFORE = Duration.ofMinutes(20);
  static final Duration GRACE = Duration.ofMinutes(5);

  final MutableClock clock = MutableClock.atNow();
  final Emulators emulators;
  final Secret admin;
  final MotherDuckEmulator md;
  final VaultEmulator vault;
  final SlotPolicy slot;
  final AccountPolicy account;
  final EngineOptions options = EngineOptions.DEFAULTS;
  final RevocationAuditor auditor;
  final SlotWatch watch;

  E2eWorld() {
    this(RENEW_BEFORE);
  }

  /** One read_write slot, TTL 1 h, grace 5 min, renewing {@code renewBefore} before expiry. */
  E2eWorld(Duration renewBefore) {
    slot = Slots.readWrite(USER, "rw", TTL, renewBefore, GRACE);
    account = Slots.account(USER, slot);
    emulators = Emulators.start(clock, "e2e", USER);
    admin = emulators.admin;
    md = emulators.md;
    vault = emulators.vault;
    auditor = new RevocationAuditor(clock, vault, slot, kvStore());
    watch = new SlotWatch(this);
  }

  /** A fresh MotherDuck client over HTTP: no rate limit, millisecond backoffs. */
  MotherDuckClient mdClient() {
    return emulators.mdClient(clock);
  }

  /** A fresh Vault store over HTTP with the root token and no read retry delay to speak of. */
  VaultKvStore kvStore() {
    return emulators.kvStore(emulators.rootAuth(), clock);
  }

  /** A new engine (as after a process restart): new adapters, same emulators. */
  RotationEngine engine() {
    return engine(StepHook.NONE);
  }

  RotationEngine engine(StepHook crash) {
    return new RotationEngine(mdClient(), kvStore(), options, clock, auditor, crash);
  }

  /** One reconcile, then the slot watch. */
  SlotOutcome reconcile(RotationEngine e) {
    SlotOutcome o = e.reconcile(slot, account);
    watch.check("reconcile at " + clock.instant() + " -> " + o.status());
    return o;
  }

  /** Reconciles at every wake-up the engine asks for (or one second later) until {@code until}. */
  List<SlotOutcome> runUntil(RotationEngine e, Instant until) {
    return Reconciles.until(clock, () -> reconcile(e), until, 500, true);
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  @Override
  public void close() {
    emulators.close();
  }
}
