package io.mdrotator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.testing.ChildJvm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code md-rotator run} JVMs on one embedded PostgreSQL and the same emulators, watched from
 * outside by a {@link ClusterObserver}. Two nodes run the fleet; a third joins armed with
 * {@code MDROTATOR_CRASH_AT=after-store} and halts (as kill -9: no shutdown hook, no Quartz
 * clean-up) inside the first rotation it runs, after the new token is stored and before the
 * rotation is completed. A fourth node then joins, so three live nodes share the fleet.
 */
class ThreeJvmClusterTest {
  /**
   * Renewed at half-life: a rotation the dead node held (in flight, or acquired and about to fire)
   * runs up to the failover bound late, and the served token must still be valid then.
   */
  private static final Duration TTL = Duration.ofSeconds(26);
  private static final Duration GRACE = Duration.ofSeconds(2);
  private static final Duration CHECKIN = Duration.ofSeconds(1);
  private static final Duration BOUND = new JdbcStore("jdbc:postgresql://x/y", Optional.empty(), Optional.empty(),
      "X_", JdbcStore.AUTO, CHECKIN).failoverBound();
  /** Thread, JVM and database latency on a 2-core machine shared with other builds. */
  private static final Duration LATENCY = Duration.ofSeconds(2);

  private final List<Process> nodes = new ArrayList<>();
  private final Map<Process, String> names = new java.util.HashMap<>();

  @Test
  void nodeKilledInsideARotationIsCompletedByTheOthersWithinTheBoundOnceWithoutOrphanOrEarlyRevocation()
      throws Exception {
    Instant begin = Instant.now();
    Map<SlotId, List<Instant>> creations;
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); DemoEnvironment env = DemoEnvironment.start(0)) {
      Path dir = env.configFile().getParent();
      ClusterFixture.shortTokens(env, TTL);
      ClusterFixture.moreSlots(env, 4);
      String base = ClusterFixture.jdbcConfig(env, pg, "HA3_");
      Files.writeString(env.configFile(), base);
      DaemonConfig config = ConfigLoader.load(env.configFile());
      List<ClusterObserver.Slot> slots = new PolicyLoader().loadOrThrow(config.policyFile(), config.policyLoadOptions())
          .slots().stream().map(s -> new ClusterObserver.Slot(s.id(), s.vaultPath(),
              EngineOptions.DEFAULTS.statePath(s.id().username(), s.id().slot()))).toList();
      assertThat(slots).hasSize(8);
      try (ClusterObserver observer = new ClusterObserver(env, slots, GRACE).start()) {
        start(dir, base, "b", Map.of());
        start(dir, base, "c", Map.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> observer.creations().size() == slots.size());
        Instant fleetUp = Instant.now();

        Process armed = start(dir, base, "a", Map.of("MDROTATOR_CRASH_AT", "after-store"));
        assertThat(armed.waitFor(60, TimeUnit.SECONDS)).as("armed node ran a rotation within 60 s").isTrue();
        Instant killed = Instant.now();
        assertThat(armed.exitValue()).isEqualTo(io.mdrotator.tools.crash.CrashHooks.HALT_STATUS);
        assertThat(Files.readString(dir.resolve("node-a.log"))).contains("crash point after-store reached, halting");

        // The kill landed inside a rotation: a slot serves a token its state document still calls in
        // flight. Looked at twice, 500 ms apart, so a survivor's own rotation between store and
        // complete (milliseconds) is not counted; the dead node's stays open until it is declared dead.
        List<ClusterObserver.Slot> seen = slots.stream().filter(s -> inFlightTokenServed(observer, s)).toList();
        Thread.sleep(500);
        List<ClusterObserver.Slot> open = seen.stream().filter(s -> inFlightTokenServed(observer, s)).toList();
        assertThat(open).as("slots whose served token is still an open intent right after the kill").hasSize(1);
        ClusterObserver.Slot hit = open.get(0);
        String stored = (String) observer.servedData(hit).orElseThrow().get("token_id");

        await().atMost(BOUND.plus(LATENCY).plusSeconds(3)).pollInterval(Duration.ofMillis(50))
            .until(() -> !inFlightTokenServed(observer, hit));
        Duration took = Duration.between(killed, Instant.now());
        assertThat(observer.firstServed).containsKey(stored);
        assertThat(observer.vanished.get(stored)).as("the dead node's stored token is not thrown away").isNull();

        Process d = start(dir, base, "d", Map.of());
        Instant threeLive = Instant.now();
        await().atMost(Duration.ofSeconds(40)).until(() -> observer.creations().values().stream()
            .allMatch(l -> l.stream().anyMatch(t -> t.isAfter(threeLive))));
        for (Process p : nodes) {
          assertThat(p == armed || p.isAlive()).as("live nodes stay up; %s", lastWords(dir, p)).isTrue();
        }
        assertThat(d.isAlive()).isTrue();

        Instant stopping = Instant.now();
        stopAll();
        List<String> orphans = observer.orphans(Instant.now(), Duration.ofSeconds(5));
        creations = observer.creations();
        System.out.printf("HA kill test: fleet up after %s, armed node halted at %s (+%s), rotation it was in"
                + " (%s) completed %s after the kill (bound %s), three live nodes from +%s, stop at +%s;"
                + " observer polls %d, tokens created %d, revoked %d%n",
            Duration.between(begin, fleetUp), hit.id(), Duration.between(begin, killed), stored, took, BOUND,
            Duration.between(begin, threeLive), Duration.between(begin, stopping), observer.polls,
            env.motherDuck().calls(MotherDuckEmulator.CREATE_TOKEN), observer.vanished.size());
        System.out.println("HA kill test: token creations per slot " + creations);

        assertThat(took).as("completed within the failover bound").isLessThanOrEqualTo(BOUND.plus(LATENCY));
        assertThat(observer.violations).as("consumer view: served token live, no early revocation").isEmpty();
        assertThat(orphans).as("orphans after the cluster stopped").isEmpty();
        assertThat(observer.neverServed()).as("tokens minted but never served (double or wasted mints)").isEmpty();
        assertThat(env.motherDuck().calls(MotherDuckEmulator.CREATE_TOKEN))
            .as("every createToken call is a token the observer saw").isEqualTo(observer.slotOfToken.size());
        assertThat(env.motherDuck().calls(MotherDuckEmulator.REVOKE_TOKEN))
            .as("every superseded token revoked once").isEqualTo(observer.vanished.size());
      }
    } finally {
      stopAll();
    }
    creations.forEach((slot, t) -> {
      assertThat(t.size()).as("rotations of %s", slot).isGreaterThanOrEqualTo(2);
      for (int i = 1; i < t.size(); i++) {
        Duration gap = Duration.between(t.get(i - 1), t.get(i));
        assertThat(gap).as("gap between creations %d and %d of %s: one rotation per due time", i - 1, i, slot)
            .isGreaterThan(TTL.dividedBy(4));
        assertThat(gap).as("gap between creations %d and %d of %s: no rotation later than the bound", i - 1, i, slot)
            .isLessThanOrEqualTo(TTL.dividedBy(2).plus(BOUND).plus(LATENCY));
      }
    });
    System.out.println("HA kill test: wall time " + Duration.between(begin, Instant.now()));
  }

  private static boolean inFlightTokenServed(ClusterObserver observer, ClusterObserver.Slot s) {
    Optional<Map<String, Object>> served = observer.servedData(s);
    return served.isPresent() && observer.intents(s).containsValue(String.valueOf(served.get().get("token_name")));
  }

  /** The exit status and the last lines of a node's log, so a node that died says why. */
  private String lastWords(Path dir, Process p) {
    if (p.isAlive()) {
      return "alive";
    }
    String name = names.get(p);
    try {
      List<String> lines = Files.readAllLines(dir.resolve("node-" + name + ".log"));
      return "node " + name + " exited " + p.exitValue() + ", log tail:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (java.io.IOException e) {
      return "node " + name + " exited " + p.exitValue() + ", log unreadable: " + e;
    }
  }

  private Process start(Path dir, String base, String name, Map<String, String> env) throws Exception {
    Path cfg = dir.resolve("node-" + name + ".yaml");
    Files.writeString(cfg, ClusterFixture.onOwnMetricsPort(base));
    ProcessBuilder pb = ChildJvm.of("128m", "io.mdrotator.cli.Main", "run", "--config", cfg.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + name + ".log").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    nodes.add(p);
    names.put(p, name);
    return p;
  }

  private void stopAll() throws InterruptedException {
    nodes.forEach(Process::destroy); // SIGTERM: Quartz finishes its runs, the node leaves
    for (Process p : nodes) {
      if (!p.waitFor(40, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    nodes.clear();
  }
}
