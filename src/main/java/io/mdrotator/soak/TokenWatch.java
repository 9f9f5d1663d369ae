package io.mdrotator.soak;

import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.motherduck.TokenInfo;
import io.mdrotator.rotation.TokenNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples MotherDuck's live managed tokens per slot every {@code intervalMillis} (read from the
 * emulator's state, not over HTTP) and keeps each slot's maximum.
 */
final class TokenWatch implements AutoCloseable {
  private final MotherDuckEmulator md;
  private final List<String> accounts;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-token-watch");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Integer> max = new TreeMap<>();
  private long samples;

  TokenWatch(MotherDuckEmulator md, List<String> accounts, long intervalMillis) {
    this.md = md;
    this.accounts = List.copyOf(accounts);
    timer.scheduleWithFixedDelay(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  synchronized void sample() {
    samples++;
    for (String account : accounts) {
      managedPerSlot(account, md.liveTokens(account)).forEach((slot, n) -> max.merge(slot, n, Math::max));
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
