package io.mdrotator.tools.bench;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.MutableClock;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.secret.Secret;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Both emulators in-process on loopback, sharing one {@link MutableClock} with the clients, so a
 * benchmark can seed a fleet without latency, then move time forward (every slot due) and switch
 * the per-request latency on. Request counts are the emulators' own per-endpoint counters.
 */
public final class BenchEmulators implements AutoCloseable {
  private final MutableClock clock;
  private final Secret adminToken;
  private final MotherDuckEmulator motherDuck;
  private final VaultEmulator vault;

  private BenchEmulators(MutableClock clock, Secret adminToken, MotherDuckEmulator md, VaultEmulator vault) {
    this.clock = clock;
    this.adminToken = adminToken;
    this.motherDuck = md;
    this.vault = vault;
  }

  /** Starts both emulators without latency; {@code accounts} exist in MotherDuck from the start. */
  public static BenchEmulators start(List<String> accounts) {
    MutableClock clock = MutableClock.atNow();
    Secret admin = Secret.of(randomHex());
    MotherDuckEmulator md = MotherDuckEmulator.start(
        EmulatorOptions.builder(admin).port(0).clock(clock).accounts(accounts).build());
    try {
      VaultEmulator vault = VaultEmulator.start(
          VaultEmulatorOptions.defaults().port(0).clock(clock).faults(new FaultInjector()));
      return new BenchEmulators(clock, admin, md, vault);
    } catch (RuntimeException e) {
      md.close();
      throw e;
    }
  }

  public MutableClock clock() {
    return clock;
  }

  /** The MotherDuck emulator's admin token (a daemon under test is configured with it). */
  public Secret adminToken() {
    return adminToken;
  }

  /** From now on every request to each emulator waits this long before it is handled. */
  public void applyLatency(Duration motherDuckLatency, Duration vaultLatency) {
    if (!motherDuckLatency.isZero()) {
      motherDuck.faults().add(FaultInjector.ANY, Fault.latency(motherDuckLatency));
    }
    if (!vaultLatency.isZero()) {
      vault.faults().add(FaultInjector.ANY, Fault.latency(vaultLatency));
    }
  }

  public void removeLatency() {
    motherDuck.clearFaults();
    vault.faults().clear();
  }

  public void resetCounters() {
    motherDuck.faults().resetCounters();
    vault.faults().resetCounters();
  }

  /** Requests the MotherDuck emulator received since the last reset, all endpoints. */
  public long motherDuckRequests() {
    return total(motherDuck.faults());
  }

  /** Requests the Vault emulator received since the last reset, all endpoints. */
  public long vaultRequests() {
    return total(vault.faults());
  }

  public java.util.Map<String, Long> motherDuckCounts() {
    return motherDuck.faults().callCounts();
  }

  public java.util.Map<String, Long> vaultCounts() {
    return vault.faults().callCounts();
  }

  public MotherDuckEmulator motherDuck() {
    return motherDuck;
  }

  public VaultEmulator vault() {
    return vault;
  }

  /** A client of the MotherDuck emulator; {@code requestsPerSecond} 0 = no client rate limit. */
  public MotherDuckClient motherDuckClient(double requestsPerSecond) {
    return MotherDuckClient.builder()
        .baseUrl(motherDuck.baseUri())
        .adminToken(adminToken)
        .requestsPerSecond(requestsPerSecond)
        .requestTimeout(Duration.ofSeconds(60))
        .clock(clock)
        .build();
  }

  /** A store on the Vault emulator's {@code secret} mount, root token. */
  public VaultKvStore vaultStore() {
    return VaultKvStore.builder()
        .address(vault.address())
        .auth(VaultAuth.token(vault.rootToken()))
        .readTimeout(Duration.ofSeconds(60))
        .clock(clock)
        .build();
  }

  /**
   * CPU time so far of the emulators' threads (request handlers and the servers' dispatchers),
   * to tell their share of a benchmark's CPU from md-rotator's. Handler threads idle for a minute
   * before they end, so a pass's threads are still alive when it is measured.
   */
  public static long emulatorCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && (t.getThreadName().startsWith("md-emulator")
          || t.getThreadName().startsWith("vault-emulator") || t.getThreadName().equals("HTTP-Dispatcher"))) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static long total(FaultInjector f) {
    return f.callCounts().values().stream().mapToLong(Long::longValue).sum();
  }

  private static String randomHex() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    motherDuck.close();
    vault.close();
  }
}
