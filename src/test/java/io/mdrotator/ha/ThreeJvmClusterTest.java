package io.mdrotator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.daemon.DemoEnvironment;
import io.mdrotator.motherduck.TokenInfo;
import io.mdrotator.rotation.TokenNames;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three {@code md-rotator run} JVMs on one embedded PostgreSQL and the same emulators; one is
 * killed with SIGKILL. Token creations are observed in the MotherDuck emulator.
 */
@Tag("slow")
class ThreeJvmClusterTest {
  private static final Duration TTL = Duration.ofSeconds(6);
  private static final List<String> USERS = List.of("etl_loader", "bi_dashboards", "ml_scoring");
  private static final int SLOTS = 4;

  @Test
  void eachDueRotationOnceAcrossThreeNodesAndAKill() throws Exception {
    Map<String, String> slotOfToken = new ConcurrentHashMap<>();
    Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    List<Process> nodes = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); DemoEnvironment env = DemoEnvironment.start(0)) {
      Path dir = env.configFile().getParent();
      ClusterFixture.shortTokens(env, TTL);
      String base = ClusterFixture.jdbcConfig(env, pg, "HA3_");
      for (int i = 0; i < 3; i++) {
        Path cfg = dir.resolve("node-" + i + ".yaml");
        Files.writeString(cfg, ClusterFixture.onOwnMetricsPort(base));
        nodes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            "io.mdrotator.cli.Main", "run", "--config", cfg.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + i + ".log").toFile()).start());
      }
      Runnable observe = () -> USERS.forEach(u -> env.motherDuck().liveTokens(u).forEach(t -> record(u, t, slotOfToken, createdAt)));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        observe.run();
        return perSlot(slotOfToken, createdAt).size() == SLOTS
            && perSlot(slotOfToken, createdAt).values().stream().allMatch(l -> l.size() >= 3);
      });
      Process victim = nodes.get(0);
      victim.destroyForcibly(); // SIGKILL
      assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Instant killed = Instant.now();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        observe.run();
        return perSlot(slotOfToken, createdAt).values().stream()
            .allMatch(l -> l.stream().filter(t -> t.isAfter(killed)).count() >= 3);
      });
      for (int i = 1; i < 3; i++) {
        assertThat(nodes.get(i).isAlive()).as("node %d alive", i).isTrue();
      }
    } finally {
      nodes.forEach(Process::destroy);
      for (Process p : nodes) {
        p.waitFor(40, TimeUnit.SECONDS);
      }
    }
    Map<String, List<Instant>> mints = perSlot(slotOfToken, createdAt);
    System.out.println("three JVMs, token creations per slot: " + mints);
    mints.forEach((slot, t) -> {
      for (int i = 1; i < t.size(); i++) {
        assertThat(Duration.between(t.get(i - 1), t.get(i)))
            .as("gap between creations %d and %d of %s", i - 1, i, slot).isGreaterThan(TTL.dividedBy(4));
      }
    });
  }

  private static void record(String user, TokenInfo t, Map<String, String> slotOfToken, Map<String, Instant> created) {
    TokenNames.parse(t.name()).ifPresent(p -> {
      slotOfToken.put(t.id(), user + "/" + p.slot());
      created.put(t.id(), t.createdAt());
    });
  }

  private static Map<String, List<Instant>> perSlot(Map<String, String> slotOfToken, Map<String, Instant> created) {
    Map<String, List<Instant>> out = new TreeMap<>();
    slotOfToken.forEach((id, slot) -> out.computeIfAbsent(slot, k -> new ArrayList<>()).add(created.get(id)));
    out.values().forEach(l -> l.sort(null));
    return out;
  }

}
