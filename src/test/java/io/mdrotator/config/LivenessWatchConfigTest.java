package io.mdrotator.config;

import static io.mdrotator.config.ConfigLoaderTest.FILE;
import static io.mdrotator.config.ConfigLoaderTest.MINIMAL;
import static io.mdrotator.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** scheduler.livenessWatch: defaults, overrides and out-of-range values. */
class LivenessWatchConfigTest {
  @Test
  void theWatchIsOnEvery30sWithAQuarterOfTheBudgetByDefault() throws Exception {
    DaemonConfig.LivenessWatch w = ConfigLoader.load(FILE, MINIMAL).scheduler().livenessWatch();
    assertThat(w).isEqualTo(new DaemonConfig.LivenessWatch(true, Duration.ofSeconds(30), 0.25, 2));
  }

  @Test
  void everyFieldCanBeSet() throws Exception {
    DaemonConfig.LivenessWatch w = ConfigLoader.load(FILE, MINIMAL
        + "scheduler:\n  livenessWatch:\n    enabled: false\n    interval: 1m\n    budgetShare: 0.1\n    maxListingsPerSecond: 8\n")
        .scheduler().livenessWatch();
    assertThat(w).isEqualTo(new DaemonConfig.LivenessWatch(false, Duration.ofMinutes(1), 0.1, 8));
  }

  @Test
  void aShareAboveHalfTheBudgetIsRefusedAtItsLine() {
    assertThat(problems(MINIMAL + "scheduler:\n  livenessWatch:\n    budgetShare: 0.9\n")).singleElement().asString()
        .startsWith("/etc/md-rotator/md-rotator.yaml:").contains("budgetShare");
  }

  @Test
  void aCeilingOfZeroListingsIsRefusedAtItsLine() {
    assertThat(problems(MINIMAL + "scheduler:\n  livenessWatch:\n    maxListingsPerSecond: 0\n")).singleElement()
        .asString().startsWith("/etc/md-rotator/md-rotator.yaml:").contains("maxListingsPerSecond");
  }

  @Test
  void anIntervalBelowOneSecondIsRefused() {
    assertThat(problems(MINIMAL + "scheduler:\n  livenessWatch:\n    interval: 0s\n")).singleElement().asString()
        .contains("scheduler.livenessWatch.interval: must be at least 1s");
  }
}
