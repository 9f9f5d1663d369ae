package io.mdrotator.daemon;

import io.mdrotator.demo.DemoEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.observability.ReadinessRecheck;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.port.VaultStoreException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The daemon over the emulators: Vault sealed, a read fails, {@code /readyz} is 503; unsealed,
 * {@code /readyz} is 200 again within one re-check interval although no slot is due for hours
 * (TTL 2h), so only the readiness probe can have brought it back.
 */
class ReadinessRecoveryTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void readinessReturnsWithinSecondsOfVaultsRecovery() throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      Path policy = env.configFile().resolveSibling("policy.yaml");
      Files.writeString(policy, """
          version: 1
          defaults: {ttl: 2h, renewBefore: 1h, gracePeriod: 10m}
          accounts:
            - username: etl_loader
              slots:
                - name: rw
                  token_type: read_write
          """);
      DaemonConfig config = ConfigLoader.load(env.configFile());
      try (Daemon daemon = Daemon.start(config, Map.of(), Clock.systemUTC(), RotationListener.NOOP, SignalHook.NONE)) {
        String readyz = "http://127.0.0.1:" + daemon.metricsPort() + "/readyz";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> status(readyz) == 200);
        String path = daemon.policy().slots().get(0).vaultPath();
        // the first rotation has stored the token: no slot work is left to touch Vault for an hour
        await().atMost(Duration.ofSeconds(30)).until(() -> daemon.adapters().vault().readLatest(path).isPresent());

        env.vault().seal();
        assertThatThrownBy(() -> daemon.adapters().vault().readLatest(path)).isInstanceOf(VaultStoreException.class);
        assertThat(status(readyz)).as("a failed Vault call takes readiness down").isEqualTo(503);

        long unsealed = System.nanoTime();
        env.vault().unseal();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> status(readyz) == 200);
        Duration lag = Duration.ofNanos(System.nanoTime() - unsealed);
        assertThat(lag).as("readiness after unseal").isLessThan(ReadinessRecheck.INTERVAL.plusSeconds(3));
      }
    }
  }

  private static int status(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
