package io.mdrotator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Misconfiguration: two daemons that each keep their own in-memory schedule fire every
 * slot at the same moments. Vault check-and-set (on the state document and on the secret) is then
 * the only fence: a slot never gets two stored tokens for one due rotation, and every token a
 * loser minted is revoked, never left behind. The engine-level race that forces a loser past its
 * intent (mint, then lose the secret CAS) is {@code RaceAndCrashE2eTest}; here the real daemons
 * race as the scheduler makes them.
 */
class SplitBrainTest {
  private static final Duration TTL = Duration.ofSeconds(8);

  private final Map<SlotId, List<Instant>> stored = new ConcurrentHashMap<>();
  private final Map<String, SlotId> minted = new ConcurrentHashMap<>();
  private final Set<String> storedIds = ConcurrentHashMap.newKeySet();
  private final Set<String> revokedIds = ConcurrentHashMap.newKeySet();
  private final List<String> casLosses = new CopyOnWriteArrayList<>();

  private final RotationListener tally = new RotationListener() {
    @Override
    public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
      minted.put(tokenId, slot);
    }

    @Override
    public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
      storedIds.add(tokenId);
      stored.computeIfAbsent(slot, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
    }

    @Override
    public void casLost(SlotId slot, String rotationId, String tokenId) {
      casLosses.add(slot + " " + tokenId);
    }

    @Override
    public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
      if (success) {
        revokedIds.add(tokenId);
      }
    }
  };

  @Test
  void independentInMemorySchedulesNeverStoreTwoTokensForOneRotation() throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      ClusterFixture.shortTokens(env, TTL);
      // A slow create keeps both daemons' rotations in flight together.
      env.motherDuck().faults().add(MotherDuckEmulator.CREATE_TOKEN,
          Fault.latency(Duration.ofMillis(300)));
      Path second = env.configFile().getParent().resolve("node-b.yaml");
      Files.writeString(second, ClusterFixture.onOwnMetricsPort(Files.readString(env.configFile())));
      DaemonConfig a = ConfigLoader.load(env.configFile());
      DaemonConfig b = ConfigLoader.load(second);
      assertThat(a.scheduler().store()).as("both nodes use the in-memory store").isEqualTo(
          b.scheduler().store());

      try (Daemon nodeA = Daemon.start(a, Map.of(), Clock.systemUTC(), tally, SignalHook.NONE);
          Daemon nodeB = Daemon.start(b, Map.of(), Clock.systemUTC(), tally, SignalHook.NONE)) {
        int slots = nodeA.policy().slots().size();
        await().atMost(Duration.ofSeconds(45)).until(() -> stored.size() == slots
            && stored.values().stream().allMatch(l -> l.size() >= 3));
        // Let any loser finish revoking what it minted.
        await().atMost(Duration.ofSeconds(10)).until(() -> unaccounted().isEmpty());
      }
    }
    System.out.printf("split brain: %d minted, %d stored, %d CAS losses%n",
        minted.size(), storedIds.size(), casLosses.size());
    for (Map.Entry<SlotId, List<Instant>> e : stored.entrySet()) {
      List<Instant> t = e.getValue();
      for (int i = 1; i < t.size(); i++) {
        assertThat(Duration.between(t.get(i - 1), t.get(i)))
            .as("stores %d and %d of %s: a double store would come moments apart", i - 1, i, e.getKey())
            .isGreaterThan(TTL.dividedBy(4));
      }
    }
    assertThat(unaccounted()).as("minted tokens neither stored nor revoked (orphans)").isEmpty();
  }

  private Set<String> unaccounted() {
    return minted.keySet().stream()
        .filter(id -> !storedIds.contains(id) && !revokedIds.contains(id))
        .collect(Collectors.toSet());
  }
}
