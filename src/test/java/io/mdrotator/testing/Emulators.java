package io.mdrotator.testing;

import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.secret.Secret;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import io.mdrotator.vault.VaultKvStoreBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Both emulators on ephemeral loopback ports, reading one clock, and the daemon's real adapters
 * pointed at them. This is the one way end-to-end suites wire MotherDuck and Vault: suites add
 * their own slots, probes and fault plans on top. The MotherDuck emulator accepts any TTL
 * ({@code relaxedTtl}), so suites can use short-lived tokens.
 */
public final class Emulators implements AutoCloseable {
  /** The clock both emulators read (adapters may read a skewed view of it). */
  public final Clock clock;
  /** The MotherDuck admin token the emulator accepts. */
  public final Secret admin;
  public final MotherDuckEmulator md;
  public final VaultEmulator vault;

  private Emulators(Clock clock, Secret admin, String rootToken, List<String> accounts) {
    this.clock = clock;
    this.admin = admin;
    EmulatorOptions.Builder options = EmulatorOptions.builder(admin).port(0).clock(clock).relaxedTtl(true);
    if (!accounts.isEmpty()) {
      options.accounts(accounts);
    }
    this.md = MotherDuckEmulator.start(options.build());
    try {
      this.vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0).rootToken(rootToken).clock(clock));
    } catch (RuntimeException e) {
      md.close();
      throw e;
    }
  }

  /** Starts both emulators on {@code clock}; tokens are named after {@code suite} with a unique suffix. */
  public static Emulators start(Clock clock, String suite, String... accounts) {
    String unique = Long.toHexString(System.nanoTime());
    return start(clock, Secret.of(suite + "-admin-" + unique), suite + "-root-" + unique, accounts);
  }

  /** Starts both emulators with the given MotherDuck admin token and Vault root token. */
  public static Emulators start(Clock clock, Secret admin, String rootToken, String... accounts) {
    return new Emulators(Objects.requireNonNull(clock, "clock"), admin, rootToken, List.of(accounts));
  }

  /**
   * The daemon's MotherDuck client against {@code baseUrl} (the emulator or a front of it), reading
   * {@code c}: no client rate limit, 5 s per attempt (margin for a loaded machine), millisecond
   * backoffs. Callers add what their suite needs (e.g. a retry budget) before {@code build()}.
   */
  public MotherDuckClient.Builder mdClientBuilder(URI baseUrl, Clock c) {
    return MotherDuckClient.builder().baseUrl(baseUrl).adminToken(admin).requestsPerSecond(0)
        .requestTimeout(Duration.ofSeconds(5)).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).clock(c);
  }

  /** {@link #mdClientBuilder} against the emulator itself. */
  public MotherDuckClient mdClient(Clock c) {
    return mdClientBuilder(md.baseUri(), c).build();
  }

  /** A Vault store on the emulator with {@code auth}, reading {@code c}, with the builder's default timeouts and retries. */
  public VaultKvStoreBuilder kvStoreBuilder(VaultAuth auth, Clock c) {
    return VaultKvStore.builder().address(vault.address()).auth(auth).clock(c);
  }

  /** The daemon's Vault store: 5 s open and read timeouts, one read retry after 1 ms. */
  public VaultKvStore kvStore(VaultAuth auth, Clock c) {
    return kvStoreBuilder(auth, c).openTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
        .readRetries(1, Duration.ofMillis(1)).build();
  }

  /** Authentication with the emulator's root token. */
  public VaultAuth rootAuth() {
    return VaultAuth.token(vault.rootToken());
  }

  @Override
  public void close() {
    try {
      md.close();
    } finally {
      vault.close();
    }
  }
}
