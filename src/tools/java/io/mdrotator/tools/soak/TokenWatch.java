package io.mdrotator.tools.soak;

import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.SecretContract;
import io.mdrotator.rotation.TokenNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples MotherDuck's live managed tokens per slot every {@code intervalMillis} (read from the
 * emulators' state, not over HTTP) and keeps each slot's maximum; also remembers every managed token
 * it saw live and every token id Vault served, so that tokens which expired without ever being served
 * or revoked can be counted at the end.
 */
final class TokenWatch implements AutoCloseable {
  private final MotherDuckEmulator md;
  private final VaultEmulator vault;
  private final List<SoakEnvironment.Slot> slots;
  private final List<String> accounts;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-token-watch");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Integer> max = new TreeMap<>();
  private final Map<String, String> seen = new HashMap<>();
  private final Set<String> served = new HashSet<>();
  private long samples;

  TokenWatch(MotherDuckEmulator md, VaultEmulator vault, List<SoakEnvironment.Slot> slots, long intervalMillis) {
    this.md = md;
    this.vault = vault;
    this.slots = List.copyOf(slots);
    this.accounts = slots.stream().map(SoakEnvironment.Slot::username).distinct().toList();
    timer.scheduleWithFixedDelay(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  synchronized void sample() {
    samples++;
    for (String account : accounts) {
      List<TokenInfo> live = md.liveTokens(account);
      managedPerSlot(account, live).forEach((slot, n) -> max.merge(slot, n, Math::max));
      live.forEach(t -> TokenNames.parse(t.name()).ifPresent(p -> seen.putIfAbsent(t.id(), account + "/" + p.slot())));
    }
    for (SoakEnvironment.Slot s : slots) {
      vault.currentData(SoakEnvironment.MOUNT, s.vaultPath())
          .map(d -> d.get(SecretContract.TOKEN_ID)).map(String::valueOf).ifPresent(served::add);
    }
  }

  /** Live managed tokens per {@code account/slot}. */
  static Map<String, Integer> managedPerSlot(String account, List<TokenInfo> live) {
    Map<String, Integer> n = new HashMap<>();
    for (TokenInfo t : live) {
      TokenNames.parse(t.name()).ifPresent(p -> n.merge(account + "/" + p.slot(), 1, Integer::sum));
    }
    return n;
  }

  synchronized Map<String, Integer> maxPerSlot() {
    return Map.copyOf(max);
  }

  /**
   * {@code slot token_id} of managed tokens seen live that are no longer live, were never seen
   * served and are not in {@code revoked}: they expired on their own, unaccounted for.
   */
  synchronized List<String> expiredUnaccounted(Set<String> revoked) {
    Set<String> liveNow = new HashSet<>();
    accounts.forEach(a -> md.liveTokens(a).forEach(t -> liveNow.add(t.id())));
    return expiredUnaccounted(seen, served, revoked, liveNow);
  }

  static List<String> expiredUnaccounted(Map<String, String> seen, Set<String> served, Set<String> revoked,
      Set<String> liveNow) {
    return seen.entrySet().stream()
        .filter(e -> !served.contains(e.getKey()) && !revoked.contains(e.getKey()) && !liveNow.contains(e.getKey()))
        .map(e -> e.getValue() + " " + e.getKey()).sorted().toList();
  }

  synchronized long samples() {
    return samples;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
