package io.mdrotator.config;

import static io.mdrotator.config.ConfigLoaderTest.FILE;
import static io.mdrotator.config.ConfigLoaderTest.MINIMAL;
import static io.mdrotator.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.daemon.Composition;
import io.mdrotator.schedule.JdbcStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler section: the cluster check-in interval, its bounds and its way into Quartz. */
class SchedulerConfigTest {
  private static final String JDBC = MINIMAL + "scheduler:\n  store: jdbc\n  jdbc:\n    url: jdbc:postgresql://db/x\n";

  @Test
  void checkinIntervalDefaultsTo15sAndReachesTheJobStore() throws Exception {
    DaemonConfig c = ConfigLoader.load(FILE, JDBC);
    assertThat(c.scheduler().jdbc().orElseThrow().clusterCheckinInterval()).isEqualTo(Duration.ofSeconds(15));
    JdbcStore store = new Composition(c, Map.of(), java.time.Clock.systemUTC()).schedulerOptions().jdbc().orElseThrow();
    assertThat(store.clusterCheckin()).isEqualTo(Duration.ofSeconds(15));
    assertThat(store.failoverBound()).isEqualTo(Duration.ofMillis(37_500));
  }

  @Test
  void checkinIntervalIsConfigurable() throws Exception {
    DaemonConfig c = ConfigLoader.load(FILE, JDBC + "    clusterCheckinInterval: 5s\n");
    JdbcStore store = new Composition(c, Map.of(), java.time.Clock.systemUTC()).schedulerOptions().jdbc().orElseThrow();
    assertThat(store.clusterCheckin()).isEqualTo(Duration.ofSeconds(5));
    assertThat(store.failoverBound()).isEqualTo(Duration.ofMillis(17_500));
  }

  @Test
  void checkinIntervalOutsideItsBoundsIsAnErrorAtItsLine() {
    assertThat(problems(JDBC + "    clusterCheckinInterval: 2m\n")).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:13:29: scheduler.jdbc.clusterCheckinInterval: must be between 1s and 60s"
            + " (a dead node's runs are recovered within 2 x interval + 7.5s), was 2m");
  }

  @Test
  void checkinIntervalMustBeADuration() {
    assertThat(problems(JDBC + "    clusterCheckinInterval: 15\n")).singleElement().asString()
        .startsWith("/etc/md-rotator/md-rotator.yaml:13:29: ")
        .contains("clusterCheckinInterval").contains("a duration such as 30s");
  }
}
