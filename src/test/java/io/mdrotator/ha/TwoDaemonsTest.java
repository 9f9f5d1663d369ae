package io.mdrotator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Two real daemons (engine, adapters, emulators) in one JVM sharing one clustered store: every
 * rotation happens once (mints of a slot are spaced by its renewal period, never doubled), and
 * when one node stops the other carries on with all slots.
 */
class TwoDaemonsTest {
  private static final Duration TTL = Duration.ofSeconds(6);

  @Test
  void twoNodesShareTheRotationsAndOneCarriesOnAlone() throws Exception {
    Map<SlotId, List<Instant>> mints = new ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    RotationListener tally = new RotationListener() {
      @Override
      public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
        mints.computeIfAbsent(slot, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
      }

      @Override
      public void casLost(SlotId slot, String rotationId, String tokenId) {
        failures.add("CAS lost (two writers) on " + slot);
      }

      @Override
      public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int consecutiveFailures,
          Instant nextAttempt, Optional<Instant> deadline) {
        failures.add(slot + " failed: " + cause);
      }
    };
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); DemoEnvironment env = DemoEnvironment.start(0)) {
      Path dir = env.configFile().getParent();
      ClusterFixture.shortTokens(env, TTL);
      String base = ClusterFixture.jdbcConfig(env, pg, "HA_");
      Path second = dir.resolve("node-b.yaml");
      Files.writeString(env.configFile(), base);
      Files.writeString(second, ClusterFixture.onOwnMetricsPort(base));
      DaemonConfig a = ConfigLoader.load(env.configFile());
      DaemonConfig b = ConfigLoader.load(second);

      Daemon nodeA = Daemon.start(a, Map.of(), Clock.systemUTC(), tally, SignalHook.NONE);
      Daemon nodeB = Daemon.start(b, Map.of(), Clock.systemUTC(), tally, SignalHook.NONE);
      int slots = nodeA.policy().slots().size();
      await().atMost(Duration.ofSeconds(30)).until(() -> mints.size() == slots
          && mints.values().stream().allMatch(l -> l.size() >= 3));
      nodeA.close();
      Instant stopped = Instant.now();
      await().atMost(Duration.ofSeconds(30)).until(() -> mints.values().stream()
          .allMatch(l -> l.get(l.size() - 1).isAfter(stopped)));
      nodeB.close();
    }
    System.out.println("mints per slot: " + mints);
    for (Map.Entry<SlotId, List<Instant>> e : mints.entrySet()) {
      List<Instant> t = e.getValue();
      for (int i = 1; i < t.size(); i++) {
        // renewal is due at half the TTL; a double rotation would mint twice within moments
        assertThat(Duration.between(t.get(i - 1), t.get(i)))
            .as("gap between mints %d and %d of %s", i - 1, i, e.getKey())
            .isGreaterThan(TTL.dividedBy(4));
      }
    }
    assertThat(failures).isEmpty();
  }

}
