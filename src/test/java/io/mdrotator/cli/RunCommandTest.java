package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.observability.LeakCanary;
import io.mdrotator.rotation.SecretContract;
import io.mdrotator.testing.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code md-rotator run} as a child JVM over both emulators: ready, hot reload reaches the
 * scheduler, a bad reload keeps readiness and shows in /metrics, SIGTERM stops it within the bound.
 * The child's output goes to {@code target/cli-run/*.log}, which the suite's secrets canary scans.
 */
class RunCommandTest {
  @Test
  void runsReloadsAndStopsOnSigterm() throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      Path config = env.configFile();
      Path policy = config.resolveSibling("policy.yaml");
      String base = "http://127.0.0.1:" + metricsPort(config);
      Path log = Files.createDirectories(Path.of("target", "cli-run")).resolve("run-" + System.nanoTime() + ".log");
      Process child = start(config, log);
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> !child.isAlive() || CliRun.of("health", "--url", base + "/readyz").exitCode() == 0);
        assertThat(child.isAlive()).as(Files.readString(log)).isTrue();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> env.vault().currentData("motherduck/ml_scoring/rw").isPresent());

        save(policy, Files.readString(policy) + """
                  - name: batch
                    token_type: read_write
            """);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> env.vault().currentData("motherduck/ml_scoring/batch").isPresent());
        String batchId = String.valueOf(env.vault().currentData("motherduck/ml_scoring/batch").orElseThrow()
            .get(SecretContract.TOKEN_ID));
        assertThat(env.motherDuck().isTokenLive(batchId)).isTrue();

        save(policy, "version: 1\naccounts:\n  - username: ml_scoring\n    slots: [{name: rw, token_type: nope}]\n");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> reloadFailures(get(base + "/metrics")) >= 1);
        CliRun ready = CliRun.of("health", "--url", base + "/readyz");
        assertThat(ready.exitCode()).as(ready.all()).isZero();
        assertThat(ready.out()).contains("last reload failed");

        long stopAsked = System.nanoTime();
        child.destroy();
        assertThat(child.waitFor(Daemon.STOP_BOUND.toSeconds() + 10, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Daemon.STOP_BOUND);
        assertThat(child.exitValue()).as("SIGTERM exit status").isEqualTo(143);
      } finally {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log);
      assertThat(output).contains("md-rotator started").contains("md-rotator stopped");
      assertThat(output).as("the invocation is audited as the one-shot commands' are")
          .containsPattern("md-rotator\\.audit +- \\{[^\n]*\"event\":\"command_invoked\"[^\n]*\"command\":\"run\"");
      List<String> secrets = new ArrayList<>(env.motherDuck().issuedSecrets());
      secrets.add(env.vault().rootToken().reveal());
      LeakCanary.watching(secrets).assertNoLeak(log.toString(), output);
    }
  }

  private static Process start(Path config, Path log) throws Exception {
    return ChildJvm.of("256m", Main.class.getName(), "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Replaces the file in one step, as editors that save atomically do. */
  private static void save(Path file, String content) throws Exception {
    Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static int metricsPort(Path config) throws Exception {
    Matcher m = Pattern.compile("listen: 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(config));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static double reloadFailures(String scrape) {
    Matcher m = Pattern.compile("(?m)^mdrotator_policy_reloads_total\\{[^}]*result=\"failure\"[^}]*} (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
