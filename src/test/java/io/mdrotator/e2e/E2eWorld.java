package io.mdrotator.e2e;

import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.MutableClock;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.secret.Secret;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Both emulators over loopback HTTP, the real adapters, one slot and one shared {@link MutableClock}
 * (emulators, adapters and engine all read it). The {@link ConsumerProbe} and the {@link
 * RevocationAuditor} watch every step.
 */
final class E2eWorld implements AutoCloseable {
  static final String USER = "etl_service";
  static final Duration TTL = Duration.ofHours(1);
  static final Duration RENEW_BEFORE = Duration.ofMinutes(20);
  static final Duration GRACE = Duration.ofMinutes(5);

  final MutableClock clock = new MutableClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
  final Secret admin = Secret.of("e2e-admin-" + Long.toHexString(System.nanoTime()));
  final MotherDuckEmulator md;
  final VaultEmulator vault;
  final SlotPolicy slot;
  final AccountPolicy account;
  final EngineOptions options = EngineOptions.DEFAULTS;
  final RevocationAuditor auditor;
  final ConsumerProbe probe;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  E2eWorld() {
    this(RENEW_BEFORE);
  }

  /** One read_write slot, TTL 1 h, grace 5 min, renewing {@code renewBefore} before expiry. */
  E2eWorld(Duration renewBefore) {
    slot = new SlotPolicy(new SlotId(USER, "rw"), TokenType.READ_WRITE, TTL,
        new RenewBefore.Fixed(renewBefore), GRACE, "motherduck/" + USER + "/rw");
    account = new AccountPolicy(USER, false, Optional.empty(), UnmanagedTokens.REPORT, List.of(slot));
    md = MotherDuckEmulator.start(EmulatorOptions.builder(admin).port(0).clock(clock)
        .relaxedTtl(true).accounts(List.of(USER)).build());
    closeables.add(md);
    vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0)
        .rootToken("e2e-root-" + Long.toHexString(System.nanoTime())).clock(clock));
    closeables.add(vault);
    auditor = new RevocationAuditor(clock, vault, slot, kvStore());
    probe = new ConsumerProbe(this);
  }

  /** A fresh MotherDuck client over HTTP: no rate limit, millisecond backoffs. */
  MotherDuckClient mdClient() {
    return MotherDuckClient.builder().baseUrl(md.baseUri()).adminToken(admin)
        .requestsPerSecond(0).requestTimeout(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).clock(clock).build();
  }

  /** A fresh Vault store over HTTP with the root token and no read retry delay to speak of. */
  VaultKvStore kvStore() {
    return VaultKvStore.builder().address(vault.address()).auth(VaultAuth.token(vault.rootToken()))
        .openTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
        .readRetries(1, Duration.ofMillis(1)).clock(clock).build();
  }

  /** A new engine (as after a process restart): new adapters, same emulators. */
  RotationEngine engine() {
    return engine(StepHook.NONE);
  }

  RotationEngine engine(StepHook crash) {
    return new RotationEngine(mdClient(), kvStore(), options, clock, auditor, crash);
  }

  /** One reconcile, then the consumer probe. */
  SlotOutcome reconcile(RotationEngine e) {
    SlotOutcome o = e.reconcile(slot, account);
    probe.check("reconcile at " + clock.instant() + " -> " + o.status());
    return o;
  }

  /** Reconciles at every wake-up the engine asks for (or one second later) until {@code until}. */
  List<SlotOutcome> runUntil(RotationEngine e, Instant until) {
    List<SlotOutcome> out = new ArrayList<>();
    for (int i = 0; i < 500 && !clock.instant().isAfter(until); i++) {
      SlotOutcome o = reconcile(e);
      out.add(o);
      Instant next = o.nextWakeUp().isAfter(clock.instant()) ? o.nextWakeUp()
          : clock.instant().plusSeconds(1);
      clock.set(next.isAfter(until) && clock.instant().isBefore(until) ? until : next);
    }
    return out;
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close " + c, e);
      }
    }
  }
}
