package io.mdrotator.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows with a target and a met verdict reach the run's summary; other rows and tables do not. */
class BenchSummaryTest {
  @Test
  void rowsWithAVerdictAreSummarised() {
    List<String> headers = List.of("figure", "measured", "target", "met", "without archive");
    List<List<String>> rows = List.of(
        List.of("CLI start-up: validate", "420 ms", "<= 500 ms", "yes", "800 ms"),
        List.of("   each launch", "1, 2", "-", "-", "-"),
        List.of("CLI start-up: plan", "1,600 ms", "<= 1,500 ms", "NO", "2,000 ms"));

    assertThat(BenchSummary.lines("CLI start-up", headers, rows)).containsExactly(
        "CLI start-up\tCLI start-up: validate\t420 ms\t<= 500 ms\tyes",
        "CLI start-up\tCLI start-up: plan\t1,600 ms\t<= 1,500 ms\tNO");
  }

  @Test
  void tablesWithoutTargetsAddNothing() {
    assertThat(BenchSummary.lines("Figure 1", List.of("N", "wall"), List.of(List.of("100", "1.0 s")))).isEmpty();
  }

  @Test
  void aTableWithoutAMeasuredColumnStillNamesItsVerdict() {
    assertThat(BenchSummary.lines("t", List.of("figure", "target", "met"), List.of(List.of(" x ", "< 1", "NO"))))
        .containsExactly("t\tx\t-\t< 1\tNO");
  }

  @Test
  void aFigureTableNamesTheRowByItsFirstColumnAndTakesTheValueBeforeTheTarget() {
    List<String> headers = List.of("N", "wall", "wall/minimal", "target", "met");
    List<List<String>> rows = List.of(
        List.of("100", "0.4 s", "2.10x", "-", "-"),
        List.of("1,000", "1.8 s", "1.44x", "<= 1.3x", "NO"));

    assertThat(BenchSummary.lines("Figure 1", headers, rows))
        .containsExactly("Figure 1\tN = 1,000\t1.44x (wall/minimal)\t<= 1.3x\tNO");
  }
}
