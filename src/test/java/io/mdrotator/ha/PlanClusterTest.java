package io.mdrotator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.cli.Main;
import io.mdrotator.config.ConfigLoader;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.schedule.ClusterView;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.schedule.LastRun;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code md-rotator plan} against a running clustered daemon: members, and the node that last ran each slot. */
class PlanClusterTest {
  private static final List<String> SLOTS = List.of("bi_dashboards/rs", "bi_dashboards/rw", "etl_loader/rw", "ml_scoring/rw");

  record Run(int exit, String out, String err) {}

  static Run plan(Path config, String... more) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[more.length + 3];
    args[0] = "plan";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    CommandLine cl = Main.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void planShowsMembersAndTheNodeThatLastRanEachSlot() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); DemoEnvironment env = DemoEnvironment.start(0)) {
      Run single = plan(env.configFile());
      assertThat(single.out()).endsWith("cluster: single node (scheduler.store: memory)\n");

      Files.writeString(env.configFile(), ClusterFixture.jdbcConfig(env, pg, "PL_"));
      JdbcStore store = new JdbcStore(pg.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"),
          Optional.empty(), "PL_", "reader", Duration.ofSeconds(1));
      Run before = plan(env.configFile());
      // ml_scoring does not exist before the first run: plan says it will create it (ensureExists)
      assertThat(before.exit()).as(before.out()).isZero();
      assertThat(before.out()).contains("due_now: [{action=create_account}, {action=rotate, reason=served_token_missing_in_vault}]");
      assertThat(before.out()).contains("cluster: scheduler.store jdbc, 0 member(s), 0 live (no node has started");

      String node;
      try (Daemon d = Daemon.start(ConfigLoader.load(env.configFile()), Map.of(), Clock.systemUTC(),
          RotationListener.NOOP, SignalHook.NONE)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterView.read(store, "md-rotator").lastRuns().values()
            .stream().filter(r -> r.finishedAt().isPresent()).count() == SLOTS.size());
        ClusterView view = ClusterView.read(store, "md-rotator");
        assertThat(view.members()).hasSize(1);
        node = view.members().get(0).instanceId();
        assertThat(view.lastRuns().values()).extracting(LastRun::instanceId).containsOnly(node);

        Run json = plan(env.configFile(), "--output", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(json.out());
        Instant at = Instant.parse(root.get("at").asString());
        JsonNode member = root.get("cluster").get("members").get(0);
        assertThat(member.get("instance_id").asString()).isEqualTo(node);
        assertThat(member.get("status").asString()).isEqualTo("live");
        assertThat(member.get("age_seconds").asDouble()).isBetween(0.0, 8.5);
        assertThat(Instant.parse(member.get("last_checkin").asString())).isBefore(at.plusSeconds(1));
        Map<String, JsonNode> runs = new HashMap<>();
        root.get("slots").forEach(s -> runs.put(s.get("slot").asString(), s.get("last_run")));
        assertThat(runs).containsOnlyKeys(SLOTS);
        runs.forEach((slot, r) -> {
          assertThat(r.get("node").asString()).as(slot).isEqualTo(node);
          assertThat(r.get("outcome").asString()).as(slot).isIn("rotated", "ok");
          assertThat(Instant.parse(r.get("finished_at").asString())).as(slot).isBefore(at);
        });

        Run text = plan(env.configFile());
        System.out.println("plan, one clustered node:\n" + text.out());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("cluster: scheduler.store jdbc, 1 member(s), 1 live")
            .containsPattern("\n  " + java.util.regex.Pattern.quote(node) + "  last check-in \\S+  age [0-9.]+s  live\n")
            .containsPattern("etl_loader/rw\n(  .*\n)*  last_run: " + java.util.regex.Pattern.quote(node)
                + " finished \\S+ \\([0-9.]+s ago\\): (rotated|ok)\n");
      }
      try (Connection c = pg.getPostgresDatabase().getConnection();
          PreparedStatement p = c.prepareStatement("INSERT INTO PL_SCHEDULER_STATE VALUES ('md-rotator', 'gone-node', ?, 1000)")) {
        p.setLong(1, System.currentTimeMillis() - 60_000); // checked in a minute ago: dead
        p.executeUpdate();
      }
      Run after = plan(env.configFile());
      System.out.println("plan, after the node stopped and a dead member was added:\n" + after.out());
      assertThat(after.out()).containsPattern("\n  gone-node  last check-in \\S+  age 6[0-9.]+s  stale\n");
    }
  }
}
