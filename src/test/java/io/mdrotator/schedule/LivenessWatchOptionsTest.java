package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watch's pace: the interval spread over the accounts, never above its share of the budget. */
class LivenessWatchOptionsTest {
  private final LivenessWatchOptions defaults = new LivenessWatchOptions(Duration.ofSeconds(30), 0.25, 5);

  @Test
  void fewAccountsAreEachCheckedEveryInterval() {
    assertThat(defaults.pause(10)).isEqualTo(Duration.ofSeconds(3));
    assertThat(defaults.period(10)).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.period(37)).isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void manyAccountsStretchThePeriodToKeepWithinTheBudgetShare() {
    // 0.25 x 5 requests/s = one listing per 800 ms at most
    assertThat(defaults.pause(100)).isEqualTo(Duration.ofMillis(800));
    assertThat(defaults.period(100)).isEqualTo(Duration.ofSeconds(80));
    assertThat(defaults.period(62)).isLessThanOrEqualTo(Duration.ofMillis(49_600));
  }

  @Test
  void anUnlimitedClientIsPacedByTheWatchsOwnCeiling() {
    LivenessWatchOptions unlimited = new LivenessWatchOptions(Duration.ofSeconds(30), 0.25, 0);
    assertThat(unlimited.period(60)).isEqualTo(Duration.ofSeconds(30));
    // two listings a second by default: 1,000 accounts take 500 s
    assertThat(unlimited.pause(1000)).isEqualTo(Duration.ofMillis(500));
    assertThat(unlimited.period(1000)).isEqualTo(Duration.ofSeconds(500));
    assertThat(unlimited.withMaxListingsPerSecond(100).period(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aRaisedRequestRateDoesNotRaiseTheWatchsCost() {
    // 2,500 accounts at 1,000 requests/s: the share would allow 250 listings/s, the ceiling keeps 2
    LivenessWatchOptions raised = LivenessWatchOptions.defaults(1000);
    assertThat(raised.pause(2500)).isEqualTo(Duration.ofMillis(500));
    assertThat(raised.period(2500)).isEqualTo(Duration.ofSeconds(1250));
    // at the default 5 requests/s the share (1.25/s) binds before the ceiling
    assertThat(LivenessWatchOptions.defaults(5).pause(2500)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void theShareIsBounded() {
    assertThatThrownBy(() -> new LivenessWatchOptions(Duration.ofSeconds(30), 0.6, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budgetShare");
    assertThatThrownBy(() -> new LivenessWatchOptions(Duration.ofSeconds(30), 0.25, 5, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxListingsPerSecond");
  }
}
