package io.mdrotator.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {

  @Test
  void alignsNumbersRightAndTextLeftUnderTheHeaders() {
    BenchTable t = new BenchTable("T", List.of("N", "mode", "wall"))
        .row(List.of("100", "naive", "1.000 s"))
        .row(List.of("10,000", "c", "12.50 s"))
        .note("a note");

    assertThat(t.render()).isEqualTo("""
        T
        N      | mode  | wall
        -------+-------+--------
           100 | naive | 1.000 s
        10,000 | c     | 12.50 s
          a note
        """);
  }

  @Test
  void refusesARowWithTheWrongNumberOfCells() {
    BenchTable t = new BenchTable("T", List.of("a", "b"));
    assertThatThrownBy(() -> t.row(List.of("1"))).hasMessageContaining("1 cells").hasMessageContaining("2 columns");
  }

  @Test
  void boundIsRoundTripsTimesLatencyOverConcurrencyAndTheRateFloorWhenLarger() {
    // 1,000 rotations of 2 MotherDuck (25 ms) + 6 Vault (2 ms) round trips at C = 32: 62 s / 32
    Duration latency = PhysicalBound.latencyBound(1000, 32, 2, Duration.ofMillis(25), 6, Duration.ofMillis(2));
    assertThat(latency).isEqualTo(Duration.ofMillis(1937).plusNanos(500_000));
    // 2,000 MotherDuck requests at 200/s take 10 s whatever the concurrency
    assertThat(PhysicalBound.rateBound(1000, 2, 200)).isEqualTo(Duration.ofSeconds(10));
    assertThat(PhysicalBound.rateBound(1000, 2, 0)).isEqualTo(Duration.ZERO);
    assertThat(PhysicalBound.ratio(Duration.ofSeconds(3), Duration.ofSeconds(2))).isEqualTo(1.5);
  }

  @Test
  void formatsFigures() {
    assertThat(BenchFormat.count(10000)).isEqualTo("10,000");
    assertThat(BenchFormat.seconds(Duration.ofMillis(1234))).isEqualTo("1.234 s");
    assertThat(BenchFormat.seconds(Duration.ofMillis(12345))).isEqualTo("12.35 s");
    assertThat(BenchFormat.ratio(1.254)).isEqualTo("1.25x");
  }
}
