package io.mdrotator.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mdrotator.config.ConfigException;
import io.mdrotator.config.ConfigLoader;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.tools.probe.ConsumerProbe;
import io.mdrotator.tools.probe.ProbeTarget;
import io.mdrotator.policy.PolicyReloader;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The running daemon (in-process, real adapters, emulators over HTTP, wall clock) given bad input.
 * A bad policy edit (YAML syntax error, invalid field value, duplicate slot) is rejected: the log
 * names file, line and field, {@code mdrotator_policy_reloads_total{result="failure"}} counts it,
 * the last good policy stays in force and every slot keeps rotating, with the consumer probe
 * (100 ms) seeing 0 violations. Bad configuration values fail the start with file:line and field.
 */
class DaemonBadInputTest {
  private static final String GOOD = """
      version: 1
      defaults:
        ttl: 20s
        renewBefore: 50%
        gracePeriod: 4s
      accounts:
        - username: etl_loader
          slots:
            - name: rw
              token_type: read_write
        - username: bi_dashboards
          slots:
            - name: rw
              token_type: read_write
            - name: rs
              token_type: read_scaling
      """;
  private static final List<SlotId> SLOTS = List.of(new SlotId("etl_loader", "rw"), new SlotId("bi_dashboards", "rw"),
      new SlotId("bi_dashboards", "rs"));

  /** A bad edit, the line its problem is on, and text the message must name. */
  record BadEdit(String name, String text, int line, String names) {}

  private static final List<BadEdit> BAD_EDITS = List.of(
      new BadEdit("yaml syntax error", GOOD.replace("  - username: bi_dashboards", "  - username: [bi_dashboards"), 12, "invalid YAML"),
      new BadEdit("invalid field value", GOOD.replace("token_type: read_scaling", "token_type: read_only"), 16,
          "token_type"),
      new BadEdit("duplicate slot", GOOD.replace("- name: rs", "- name: rw"), 15, "rw"));

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void badPolicyEditsAreRejectedAndEverySlotKeepsRotating() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger reloaderLog = (Logger) LoggerFactory.getLogger(PolicyReloader.class);
    reloaderLog.addAppender(logs);
    Map<SlotId, Integer> stores = new ConcurrentHashMap<>();
    RotationListener counter = new RotationListener() {
      @Override
      public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
        stores.merge(slot, 1, Integer::sum);
      }
    };
    // the last, good edit is applied through the SIGHUP hook, the bad ones by the file watch
    AtomicReference<Runnable> sighup = new AtomicReference<>();
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      Path policy = env.configFile().resolveSibling("policy.yaml");
      Files.writeString(policy, GOOD);
      List<ProbeTarget> targets = SLOTS.stream()
          .map(s -> new ProbeTarget(s.toString(), "secret", "motherduck/" + s.username() + "/" + s.slot())).toList();
      try (ConsumerProbe probe = ConsumerProbe.start(env.motherDuck(), env.vault(), Clock.systemUTC(), targets, Duration.ofMillis(100));
           Daemon daemon = Daemon.start(ConfigLoader.load(env.configFile()), Map.of(), Clock.systemUTC(), counter, sighup::set)) {
        awaitTrue("every slot served", Duration.ofSeconds(30), () -> stores.keySet().containsAll(SLOTS));

        for (BadEdit edit : BAD_EDITS) {
          assertThat(edit.text()).as(edit.name()).isNotEqualTo(GOOD);
          double failuresBefore = reloadFailures(daemon);
          int logged = logs.list.size();
          Files.writeString(policy, edit.text()); // saving reloads (file watch), as an operator's edit would
          awaitTrue(edit.name() + " counted as a failed reload", Duration.ofSeconds(30),
              () -> reloadFailures(daemon) > failuresBefore);
          String log = String.join("\n", logs.list.subList(logged, logs.list.size()).stream()
              .map(ILoggingEvent::getFormattedMessage).toList());
          assertThat(log).as(edit.name()).contains("policy reload rejected")
              .containsPattern(Pattern.quote(policy.toString()) + ":" + edit.line() + ":\\d+: ").contains(edit.names());
          assertThat(daemon.policy().slots()).as(edit.name() + ": last good policy in force").hasSize(SLOTS.size());
        }

        Map<SlotId, Integer> afterEdits = Map.copyOf(stores);
        awaitTrue("every slot rotates again under the last good policy", Duration.ofSeconds(40),
            () -> SLOTS.stream().allMatch(s -> stores.getOrDefault(s, 0) > afterEdits.get(s)));
        System.out.println("daemon bad input: " + BAD_EDITS.size() + " bad edits rejected, reload failures "
            + reloadFailures(daemon) + ", stores per slot " + stores + ", probe " + probe.figures());
        assertThat(probe.figures().reads()).isGreaterThan(100);
        assertThat(probe.figures().violations()).isEmpty();

        Files.writeString(policy, GOOD.replace("ttl: 20s", "ttl: 30s"));
        sighup.get().run();
        awaitTrue("a good edit is applied again", Duration.ofSeconds(30),
            () -> daemon.policy().slots().get(0).ttl().equals(Duration.ofSeconds(30)));
      }
    } finally {
      reloaderLog.detachAppender(logs);
    }
  }

  @Test
  void badConfigValuesFailTheStartNamingFileLineAndField() throws Exception {
    Files.writeString(dir.resolve("admin-token"), "x".repeat(40));
    Files.writeString(dir.resolve("vault-token"), "y".repeat(40));
    String base = """
        policyFile: policy.yaml
        motherduck:
          apiUrl: http://127.0.0.1:9
          adminToken: {file: admin-token}
          requestTimeout: 5s
        vault:
          address: http://127.0.0.1:9
          auth:
            method: token
            token: {file: vault-token}
        metrics:
          listen: 127.0.0.1:0
        """;
    Map<String, String[]> cases = Map.of(
        "requestTimeout: 5s", new String[] {"requestTimeout: five", "5", "requestTimeout"},
        "method: token", new String[] {"method: magic", "9", "method"},
        "listen: 127.0.0.1:0", new String[] {"listen: 127.0.0.1:99999", "12", "listen"},
        "adminToken: {file: admin-token}", new String[] {"adminToken: hunter2-inline-secret", "4", "adminToken"});
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      Path file = dir.resolve("md-rotator.yaml");
      Files.writeString(file, base.replace(c.getKey(), c.getValue()[0]));
      assertThatThrownBy(() -> ConfigLoader.load(file)).as(c.getValue()[0])
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(file + ":" + c.getValue()[1] + ":")
          .hasMessageContaining(c.getValue()[2])
          .hasMessageNotContaining("hunter2-inline-secret");
    }
  }

  private double reloadFailures(Daemon daemon) {
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.metricsPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = Pattern.compile("(?m)^mdrotator_policy_reloads_total\\{result=\"failure\"\\} (\\S+)$").matcher(body);
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    } catch (Exception e) {
      throw new IllegalStateException("cannot scrape metrics", e);
    }
  }

  private static void awaitTrue(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + bound + " waiting for: " + what);
      }
      Thread.sleep(100);
    }
  }
}
