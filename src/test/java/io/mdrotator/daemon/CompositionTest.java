package io.mdrotator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.schedule.LivenessWatchOptions;
import io.mdrotator.schedule.SchedulerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The composition root builds from the configuration alone: a file that sets nothing optional runs
 * with exactly the options types' defaults, and what the file sets reaches the options it names.
 */
class CompositionTest {
  private static final Path FILE = Path.of("/etc/md-rotator/md-rotator.yaml");
  private static final String MINIMAL = "policyFile: policy.yaml\nmotherduck:\n  adminToken: {env: MD_TOKEN}\n"
      + "vault:\n  address: http://127.0.0.1:8200\n  auth:\n    method: token\n    token: {file: vault-token}\n";

  private static Composition of(String yaml) throws Exception {
    return new Composition(ConfigLoader.load(FILE, yaml), Map.of(), Clock.systemUTC());
  }

  @Test
  void aMinimalConfigRunsWithTheDefaultsOfEveryOptionsType() throws Exception {
    Composition c = of(MINIMAL);
    assertThat(c.engineOptions()).isEqualTo(EngineOptions.DEFAULTS);
    assertThat(c.schedulerOptions()).isEqualTo(SchedulerOptions.DEFAULTS);
    assertThat(c.livenessWatchOptions()).isEqualTo(
        LivenessWatchOptions.defaults(DaemonConfig.MotherDuck.DEFAULT_REQUESTS_PER_SECOND));
  }

  /** The values operators and the docs rely on; a change here is a change of behaviour. */
  @Test
  void theDefaultsAreTheDocumentedValues() {
    assertThat(EngineOptions.DEFAULTS).isEqualTo(new EngineOptions("md-rotator/state", Duration.ofMinutes(2),
        Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(1),
        Duration.ofSeconds(10), Duration.ofSeconds(30), 0.1, 0.9));
    assertThat(SchedulerOptions.DEFAULTS).isEqualTo(new SchedulerOptions("md-rotator", 4, Duration.ofMinutes(10),
        Duration.ofSeconds(1), Duration.ofSeconds(30)));
    assertThat(LivenessWatchOptions.defaults(5)).isEqualTo(new LivenessWatchOptions(Duration.ofSeconds(30), 0.25, 5, 2));
  }

  @Test
  void whatTheConfigSetsReachesTheOptions() throws Exception {
    Composition c = of(MINIMAL.replace("adminToken: {env: MD_TOKEN}\n", "adminToken: {env: MD_TOKEN}\n  requestsPerSecond: 2\n")
        .replace("vault:\n", "vault:\n  statePath: team/state\n")
        + "scheduler:\n  threads: 8\n  resyncInterval: 5m\n  livenessWatch:\n    interval: 1m\n    budgetShare: 0.1\n"
        + "    maxListingsPerSecond: 0.5\n");
    assertThat(c.engineOptions()).isEqualTo(EngineOptions.defaults()
        .withStatePrefix("team/state").withResyncInterval(Duration.ofMinutes(5)));
    assertThat(c.schedulerOptions()).isEqualTo(SchedulerOptions.defaults()
        .withThreadCount(8).withResyncInterval(Duration.ofMinutes(5)));
    assertThat(c.livenessWatchOptions()).isEqualTo(new LivenessWatchOptions(Duration.ofMinutes(1), 0.1, 2, 0.5));
  }

  @Test
  void theCompositionNeverPrintsItsEnvironment() throws Exception {
    Composition c = new Composition(ConfigLoader.load(FILE, MINIMAL), Map.of("MD_TOKEN", "secret-value"),
        Clock.systemUTC());
    assertThat(c.toString()).doesNotContain("secret-value");
  }
}
