package io.mdrotator.reliability.faults;

import io.mdrotator.e2e.RevocationAuditor;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.MutableClock;
import io.mdrotator.tools.probe.ConsumerProbe;
import io.mdrotator.tools.probe.ProbeTarget;
import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.emulator.vault.EmulatedToken;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.observability.CompositeRotationListener;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.Emulators;
import io.mdrotator.testing.Slots;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Both emulators over loopback HTTP ({@link Emulators}), shared by every cell of a test class (cells run one after
 * another and use their own service account and Vault path), one {@link MutableClock} that is the
 * true time. Each cell gets the real adapters ({@link MotherDuckClient}, {@link VaultKvStore} with
 * AppRole auth, as deployed) and a fresh {@link RotationEngine}, whose clock may be skewed.
 */
final class FaultWorld implements AutoCloseable {
  static final Duration TTL = Duration.ofHours(1);
  static final Duration RENEW_BEFORE = Duration.ofMinutes(20);
  static final Duration GRACE = Duration.ofMinutes(5);
  private static final Secret ROLE_ID = Secret.of("faults-role-id");
  private static final Secret SECRET_ID = Secret.of("faults-secret-id-" + Long.toHexString(System.nanoTime()));

  final MutableClock clock = MutableClock.atNow();
  final Emulators emulators;
  final Secret admin;
  final MotherDuckEmulator md;
  final VaultEmulator vault;
  /** A root-token store for cells that play another writer. */
  final VaultKvStore rootStore;
  private int cells;
  private CannedFront front;

  FaultWorld() {
    emulators = Emulators.start(clock, "faults");
    admin = emulators.admin;
    md = emulators.md;
    vault = emulators.vault;
    vault.addPolicy(AclPolicy.of("md-rotator", "secret/*", "create", "read", "update", "delete", "list"));
    vault.addAppRole("md-rotator", ROLE_ID.reveal(), SECRET_ID, List.of("md-rotator"), Duration.ofHours(1), Duration.ofHours(4));
    rootStore = emulators.kvStoreBuilder(emulators.rootAuth(), clock).readRetries(0, Duration.ofMillis(1)).build();
  }

  /** A fresh slot on a fresh account, watched by a manual probe and an auditor; engine clock skewed by {@code skew}. */
  Slot slot(Duration skew) {
    return slot(skew, FaultCell.Options.DEFAULT);
  }

  /**
   * A fresh slot for a cell: its account declares the cell's Ducklings, and its MotherDuck client
   * talks to the emulator directly or through the {@link CannedFront}.
   */
  Slot slot(Duration skew, FaultCell.Options options) {
    String user = "fault_cell_" + (++cells);
    md.createAccount(user);
    SlotPolicy policy = Slots.readWrite(user, "rw", TTL, RENEW_BEFORE, GRACE);
    AccountPolicy account = Slots.account(user, options.ducklings(), UnmanagedTokens.REPORT, policy);
    ConsumerProbe probe = ConsumerProbe.manual(md, vault, clock, List.of(new ProbeTarget(user + "/rw", "secret", policy.vaultPath())));
    RevocationAuditor auditor = new RevocationAuditor(clock, vault, policy, kvStore(clock));
    CellEvents events = new CellEvents(clock);
    Clock engineClock = skew.isZero() ? clock : Clock.offset(clock, skew);
    MotherDuckClient client = options.front() ? mdClient(front().uri(), engineClock) : mdClient(engineClock);
    RotationEngine engine = new RotationEngine(client, kvStore(engineClock), EngineOptions.DEFAULTS,
        engineClock, new CompositeRotationListener(List.of(auditor, events)), StepHook.NONE);
    return new Slot(this, policy, account, engine, probe, auditor, events, skew);
  }

  /** The canned-reply front of the MotherDuck emulator, started on first use. */
  synchronized CannedFront front() {
    if (front == null) {
      front = new CannedFront(md.baseUri());
    }
    return front;
  }

  /** The daemon's MotherDuck client: no client rate limit, millisecond backoffs, 5 s per attempt (margin for a loaded machine). */
  MotherDuckClient mdClient(Clock c) {
    return mdClient(md.baseUri(), c);
  }

  /** The same client, talking to {@code baseUrl} (the emulator or its front). */
  MotherDuckClient mdClient(java.net.URI baseUrl, Clock c) {
    return emulators.mdClientBuilder(baseUrl, c).maxRetryTime(Duration.ofSeconds(10)).build();
  }

  /** The daemon's Vault store: AppRole login, one read retry after 1 ms. */
  VaultKvStore kvStore(Clock c) {
    return emulators.kvStore(VaultAuth.appRole(ROLE_ID, SECRET_ID), c);
  }

  /** Expires, server-side, every AppRole token still valid: the daemon's Vault token dies early. */
  int expireLoginTokens() {
    int n = 0;
    for (EmulatedToken t : vault.tokens()) {
      if (t.path().endsWith("/login") && t.validAt(clock.instant()) && vault.expireToken(Secret.of(t.id()))) {
        n++;
      }
    }
    return n;
  }

  /** Removes every fault, rewrite and seal, and restores the admin token, between cells. */
  void heal() {
    md.clearFaults();
    md.clearRewrites();
    md.replaceAdminToken(admin);
    md.retryAfterAsHttpDate(false);
    vault.faults().clear();
    vault.unseal();
    if (front != null) {
      front.clear();
    }
  }

  /** Faults fired by both emulators (and canned replies sent) since their counters were last reset. */
  long injected() {
    return md.faults().injectedTotal() + vault.faults().injectedTotal() + (front == null ? 0 : front.served());
  }

  @Override
  public void close() {
    if (front != null) {
      front.close();
    }
    emulators.close();
  }
}
