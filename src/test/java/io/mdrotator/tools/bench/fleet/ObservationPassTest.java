package io.mdrotator.tools.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The observation pass's physical bound and its three targets. */
class ObservationPassTest {
  private static final long MB = 1024 * 1024;

  private static ObservationPass pass(double rate, Duration wall, Duration cpu, long peakMb, long steadyMb) {
    return new ObservationPass(10_000, 2_500, 4, rate, Duration.ofMillis(25), Duration.ofMillis(2), wall, cpu,
        peakMb * MB, steadyMb * MB);
  }

  @Test
  void theBoundIsOneListingPerAccountAndTwoVaultReadsPerSlotOverTheThreads() {
    // (2,500 x 25 ms + 10,000 x 2 x 2 ms) / 4 = 25.625 s; the rate floor 2,500 / 1,000 = 2.5 s is lower
    assertThat(pass(1000, Duration.ofSeconds(30), Duration.ofSeconds(2), 220, 210).bound())
        .isEqualTo(Duration.ofMillis(25_625));
    // at 50 listings/s the rate floor, 50 s, is the bound
    assertThat(pass(50, Duration.ofSeconds(30), Duration.ofSeconds(2), 220, 210).bound())
        .isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void eachTargetCanFailTheFigure() {
    assertThat(pass(1000, Duration.ofSeconds(30), Duration.ofSeconds(3), 250, 210).met()).isTrue();
    assertThat(pass(1000, Duration.ofSeconds(33), Duration.ofSeconds(3), 250, 210).met()).as("wall 1.29x").isFalse();
    assertThat(pass(1000, Duration.ofSeconds(30), Duration.ofMillis(3_100), 250, 210).met()).as("0.31 ms/slot").isFalse();
    assertThat(pass(1000, Duration.ofSeconds(30), Duration.ofSeconds(3), 270, 210).met()).as("RSS 1.29x").isFalse();
  }
}
