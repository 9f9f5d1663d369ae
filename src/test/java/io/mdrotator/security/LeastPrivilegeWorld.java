package io.mdrotator.security;

import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.MutableClock;
import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.emulator.vault.EmulatedToken;
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
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.secret.Secret;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Both emulators over loopback HTTP on one {@link MutableClock}, set up as {@code docs/deployment.md}
 * sets up production: the daemon logs in with an AppRole whose role has {@code
 * token_no_default_policy=true}, so its tokens carry exactly {@code daemonPolicy} and nothing
 * else; the store is the real {@link VaultKvStore} and the engine the real {@link RotationEngine}.
 *
 * <p>Slots: {@code etl_sa/app}, whose key the operator prepared with {@code vault kv metadata
 * put -cas-required=true} as deployment.md shows (so the key exists before the daemon's first
 * write), {@code etl_new/rw}, a key nobody has written, {@code etl_old/rw}, an account the
 * cycle deletes with every version of its keys, and two slots retired at the end of the cycle:
 * {@code etl_retired/app} (soft delete) and {@code etl_gone/rw} ({@code retire --now} with destroy).
 */
final class LeastPrivilegeWorld implements AutoCloseable {
  static final Duration TTL = Duration.ofHours(1);
  static final Duration RENEW_BEFORE = Duration.ofMinutes(20);
  static final Duration GRACE = Duration.ofMinutes(5);
  static final Duration LOGIN_TTL = Duration.ofHours(1);
  static final Duration LOGIN_MAX_TTL = Duration.ofHours(24);
  static final String DAEMON_POLICY = "md-rotator";
  private static final Secret ROLE_ID = Secret.of("least-privilege-role-id");
  private static final Secret SECRET_ID = Secret.of("least-privilege-secret-id");

  /** A slot with its account (one slot per account). */
  record Slot(SlotPolicy policy, AccountPolicy account) {
    static Slot of(String user, String slot) {
      SlotPolicy p = new SlotPolicy(new SlotId(user, slot), TokenType.READ_WRITE, TTL,
          new RenewBefore.Fixed(RENEW_BEFORE), GRACE, "motherduck/" + user + "/" + slot);
      return new Slot(p, new AccountPolicy(user, false, Optional.empty(), UnmanagedTokens.REPORT, List.of(p)));
    }
  }

  /** One Vault call the daemon's store made: its operation name and outcome class. */
  record Call(String operation, String outcome) {}

  final MutableClock clock = MutableClock.atNow();
  final Secret admin = Secret.of("least-privilege-admin-" + Long.toHexString(System.nanoTime()));
  final Slot prepared = Slot.of("etl_sa", "app");
  final Slot fresh = Slot.of("etl_new", "rw");
  /** An account the cycle gives a token and then deletes with {@code --destroy}. */
  final Slot doomed = Slot.of("etl_old", "rw");
  final Slot retiring = Slot.of("etl_retired", "app");
  final Slot destroyed = Slot.of("etl_gone", "rw");
  final AclPolicy daemonPolicy;
  final MotherDuckEmulator md;
  final VaultEmulator vault;
  final VaultHttp http;
  final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  final VaultKvStore store;
  final RotationEngine engine;

  LeastPrivilegeWorld(AclPolicy daemonPolicy) {
    this.daemonPolicy = daemonPolicy;
    md = MotherDuckEmulator.start(EmulatorOptions.builder(admin).port(0).clock(clock).relaxedTtl(true)
        .accounts(List.of(prepared.policy().id().username(), fresh.policy().id().username(),
            doomed.policy().id().username(), retiring.policy().id().username(),
            destroyed.policy().id().username())).build());
    vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0)
        .rootToken("least-privilege-root-" + Long.toHexString(System.nanoTime())).clock(clock));
    http = new VaultHttp(vault.address());
    vault.addPolicy(daemonPolicy);
    vault.addAppRole(DAEMON_POLICY, ROLE_ID.reveal(), SECRET_ID, List.of(DAEMON_POLICY), LOGIN_TTL, LOGIN_MAX_TTL, true);
    operatorRequiresCas(prepared);
    store = store(VaultAuth.appRole(ROLE_ID, SECRET_ID));
    engine = engine(store);
  }

  /** {@code vault kv metadata put -cas-required=true secret/<slot path>}, as the root operator. */
  private void operatorRequiresCas(Slot slot) {
    VaultHttp.Reply r = http.call("POST", "secret/metadata/" + slot.policy().vaultPath(), "{\"cas_required\":true}",
        vault.rootToken());
    if (r.status() != 204) {
      throw new IllegalStateException("operator metadata put failed: " + r);
    }
  }

  /** The daemon's store as deployed: real driver over HTTP, every call recorded in {@link #calls}. */
  VaultKvStore store(VaultAuth auth) {
    return VaultKvStore.builder().address(vault.address()).auth(auth)
        .openTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
        .readRetries(1, Duration.ofMillis(1)).clock(clock)
        .listener((target, operation, outcome, elapsed) -> calls.add(new Call(operation, outcome)))
        .build();
  }

  RotationEngine engine(VaultKvStore kv) {
    return new RotationEngine(mdClient(), kv, EngineOptions.DEFAULTS, clock, RotationListener.NOOP, StepHook.NONE);
  }

  /** The daemon's MotherDuck client on the emulator. */
  MotherDuckClient mdClient() {
    return MotherDuckClient.builder().baseUrl(md.baseUri()).adminToken(admin)
        .requestsPerSecond(0).requestTimeout(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).clock(clock).build();
  }

  /** A token with exactly {@code policies} and not the default policy ({@code -no-default-policy}). */
  Secret tokenWithExactly(List<String> policies) {
    return vault.createToken(policies, LOGIN_TTL, LOGIN_MAX_TTL, true, true);
  }

  /** Tokens issued by the daemon's AppRole logins, oldest first. */
  List<EmulatedToken> loginTokens() {
    return vault.tokens().stream().filter(t -> t.path().equals("auth/approle/login")).toList();
  }

  @Override
  public void close() {
    md.close();
    vault.close();
  }
}
