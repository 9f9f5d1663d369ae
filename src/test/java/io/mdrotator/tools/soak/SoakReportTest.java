package io.mdrotator.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report: every broken promise is a violation and a non-zero exit; text and JSON carry the figures. */
class SoakReportTest {
  private static final SoakOptions OPTIONS = new SoakOptions(Duration.ofMinutes(3), 20, 0.2, 7, Duration.ofSeconds(20),
      Duration.ofSeconds(5), 4, Duration.ofSeconds(10), 256, Path.of("target/soak/x"));

  @Test
  void aCleanRunPassesAndPrintsItsFigures() {
    SoakReport r = report(0, Map.of("u/a", 2, "u/b", 3), List.of(), List.of(), List.of(), List.of());

    assertThat(r.violations()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.maxTokensAnySlot()).isEqualTo(3);
    assertThat(r.text())
        .contains("rotations 90, revocations 79 {superseded=79}", "retried failures 39 {rotation/mint=39}")
        .contains("probe: every 100 ms, 33118 reads (120 before a slot's first token), 0 violations")
        .contains("no live token outside fault windows: longest 2.4 s (u/b), bound 30.0 s; 3 stretches without one "
            + "in all, longest 7.9 s counted whole", "  u/a 1.2 s, u/b 2.4 s")
        .contains("max live managed tokens per slot: 3", "orphans after the drain: 0")
        .contains("tokens that expired never served nor revoked: 0")
        .contains("     10     30     64    200   50")
        .contains("verdict: PASS");
  }

  @Test
  void eachBrokenPromiseIsAViolation() {
    SoakReport r = report(3, Map.of("u/a", 5), List.of("u/a t1"), List.of("u/a t9"), List.of("threads grew"),
        List.of("daemon.log:3:7 secret#2 (len 40, plain)"));

    assertThat(r.violations()).containsExactly(
        "3 probe violations (consumers were handed a dead token)",
        "u/a had 5 live managed tokens (bound 4)",
        "orphan after the drain: u/a t1",
        "token expired never served nor revoked: u/a t9",
        "leak: threads grew",
        "secret leaked: daemon.log:3:7 secret#2 (len 40, plain)");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.text()).contains("verdict: FAIL (6)");
  }

  @Test
  void aSlotWithoutALiveTokenOutsideFaultWindowsForLongerThanTheBoundFailsTheSoak() {
    SoakReport.Liveness slow = new SoakReport.Liveness(30_000,
        Map.of("u/a", 30_000L, "u/b", 30_001L, "u/c", 95_400L, "u/d", 0L), 7, 120_000);

    SoakReport r = report(0, slow, Map.of("u/a", 2), List.of(), List.of(), List.of(), List.of());

    assertThat(r.violations()).containsExactly( // worst first; exactly the bound still passes
        "u/c served no live token for 95.4 s outside fault windows (bound 30.0 s)",
        "u/b served no live token for 30.0 s outside fault windows (bound 30.0 s)");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.text()).contains("longest 95.4 s (u/c), bound 30.0 s", "verdict: FAIL (2)");
    SoakReport tighter = report(0, new SoakReport.Liveness(20_000, Map.of("u/a", 20_500L), 1, 20_500), Map.of("u/a", 2),
        List.of(), List.of(), List.of(), List.of());
    assertThat(tighter.violations()).containsExactly(
        "u/a served no live token for 20.5 s outside fault windows (bound 20.0 s)");
  }

  @Test
  void aRunWhereNothingRotatedOrNothingWasReadFails() {
    SoakReport r = new SoakReport(Instant.EPOCH, OPTIONS, Duration.ofMinutes(3), Duration.ZERO,
        new SoakReport.Counts(0, 0, 0, 0, 0, Map.of(), Map.of()), 0, 0, Map.of(), Map.of(),
        new SoakReport.Probe(100, 0, 0, 0, List.of()), new SoakReport.Liveness(30_000, Map.of(), 0, 0), Map.of(),
        List.of(), List.of(), List.of(), List.of(), 0, List.of(), List.of());
    assertThat(r.violations()).containsExactly("no rotation happened", "the consumer probe read nothing");
  }

  @Test
  void theJsonCarriesTheSameFigures() {
    SoakReport r = report(0, Map.of("u/a", 2), List.of(), List.of("u/a t9"), List.of(), List.of());

    JsonNode j = JsonMapper.builder().build().readTree(r.json());

    assertThat(j.path("options").path("slots").asInt()).isEqualTo(20);
    assertThat(j.path("options").path("seed").asLong()).isEqualTo(7);
    assertThat(j.path("counts").path("rotations").asLong()).isEqualTo(90);
    assertThat(j.path("counts").path("failures").asLong()).isEqualTo(39);
    assertThat(j.path("probe").path("reads").asLong()).isEqualTo(33118);
    assertThat(j.path("maxTokensAnySlot").asInt()).isEqualTo(2);
    assertThat(j.path("samples").get(1).path("threads").asInt()).isEqualTo(50);
    assertThat(j.path("expiredUnaccounted").get(0).asString()).isEqualTo("u/a t9");
    assertThat(j.path("options").path("maxNoLiveTokenSeconds").asDouble()).isEqualTo(30.0);
    assertThat(j.path("liveness").path("boundMillis").asLong()).isEqualTo(30_000);
    assertThat(j.path("liveness").path("worstSlot").asString()).isEqualTo("u/b");
    assertThat(j.path("liveness").path("worstMillis").asLong()).isEqualTo(2_350);
    assertThat(j.path("liveness").path("spans").asInt()).isEqualTo(3);
    assertThat(j.path("liveness").path("longestSpanMillis").asLong()).isEqualTo(7_900);
    assertThat(j.path("liveness").path("longestOutsideWindowsMillis").path("u/a").asLong()).isEqualTo(1_200);
    assertThat(j.path("pass").asBoolean()).isFalse();
    assertThat(j.path("violations").get(0).asString()).isEqualTo("token expired never served nor revoked: u/a t9");
  }

  private static final SoakReport.Liveness LIVE = new SoakReport.Liveness(30_000,
      Map.of("u/a", 1_200L, "u/b", 2_350L), 3, 7_900);

  private static SoakReport report(long violations, Map<String, Integer> perSlot, List<String> orphans,
      List<String> expired, List<String> leaks, List<String> hits) {
    return report(violations, LIVE, perSlot, orphans, expired, leaks, hits);
  }

  private static SoakReport report(long violations, SoakReport.Liveness liveness, Map<String, Integer> perSlot,
      List<String> orphans, List<String> expired, List<String> leaks, List<String> hits) {
    return new SoakReport(Instant.parse("2026-11-28T13:00:00Z"), OPTIONS, Duration.ofMinutes(3), Duration.ofSeconds(2),
        new SoakReport.Counts(90, 79, 0, 39, 0, Map.of("superseded", 79L), Map.of("rotation/mint", 39L)),
        30, 0.45, Map.of("MD_5XX", 6), Map.of("motherduck", 80L, "vault", 40L),
        new SoakReport.Probe(100, 33118, 120, violations, List.of()), liveness, perSlot, orphans, expired,
        List.of(new Sample(0, 8L << 20, 37L << 20, 88L << 20, 13), new Sample(10, 30L << 20, 64L << 20, 200L << 20, 50)),
        leaks, 56, List.of("daemon.log"), hits);
  }
}
