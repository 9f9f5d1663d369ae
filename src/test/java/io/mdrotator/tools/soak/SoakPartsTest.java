package io.mdrotator.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.Fault;
import io.mdrotator.tools.probe.LivenessTimeline;
import io.mdrotator.tools.probe.NoLiveSpan;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.TokenType;
import io.mdrotator.rotation.TokenNames;
import io.mdrotator.tools.canary.SecretScan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The soak's pure parts: fault schedule, liveness gaps, leak verdicts, orphan rule, token counts, canary, failure kinds. */
class SoakPartsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theFaultScheduleIsSeededOrderedInsideTheRunAndCoversEveryKind() {
    Duration total = Duration.ofMinutes(15);
    List<FaultSchedule.Window> a = FaultSchedule.generate(7, total, 0.2);

    assertThat(FaultSchedule.generate(7, total, 0.2)).isEqualTo(a);
    assertThat(FaultSchedule.generate(8, total, 0.2)).isNotEqualTo(a);
    assertThat(a.get(0).start()).isGreaterThanOrEqualTo(FaultSchedule.QUIET_START);
    for (int i = 0; i < a.size(); i++) {
      FaultSchedule.Window w = a.get(i);
      assertThat(w.end()).isLessThanOrEqualTo(total);
      if (i > 0) {
        assertThat(w.start()).isGreaterThanOrEqualTo(a.get(i - 1).end().plusSeconds(3));
      }
      if (w.kind() == FaultSchedule.Kind.VAULT_SEALED) {
        assertThat(w.fault().rate()).isEqualTo(1.0);
        assertThat(w.fault().status()).isEqualTo(503);
        assertThat(w.length()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
      } else {
        assertThat(w.fault().rate()).isEqualTo(0.2);
      }
      assertThat(w.target()).isEqualTo(w.kind().name().startsWith("VAULT") ? FaultSchedule.Target.VAULT
          : FaultSchedule.Target.MOTHERDUCK);
    }
    assertThat(a.stream().map(FaultSchedule.Window::kind).collect(Collectors.toSet()))
        .isEqualTo(EnumSet.allOf(FaultSchedule.Kind.class));
    assertThat(FaultSchedule.coverage(a, total)).isBetween(0.2, 0.7);
    assertThat(a.stream().filter(w -> w.kind() == FaultSchedule.Kind.MD_LATENCY))
        .allSatisfy(w -> assertThat(w.fault().kind()).isEqualTo(Fault.Kind.LATENCY));
  }

  @Test
  void noFaultRateMeansNoWindows() {
    assertThat(FaultSchedule.generate(1, Duration.ofMinutes(3), 0)).isEmpty();
  }

  @Test
  void flatSamplesAreNoLeak() {
    assertThat(LeakCheck.problems(series(20, i -> 30L << 20, i -> 50), 256L << 20)).isEmpty();
  }

  @Test
  void heapGrowingThroughTheRunIsALeak() {
    List<String> p = LeakCheck.problems(series(20, i -> (20L + 5 * i) << 20, i -> 50), 1024L << 20);
    assertThat(p).singleElement().asString().contains("heap after GC grew");
  }

  @Test
  void threadsGrowingAtTheEndIsALeak() {
    List<String> p = LeakCheck.problems(series(20, i -> 30L << 20, i -> i < 15 ? 50 : 50 + 13), 256L << 20);
    assertThat(p).singleElement().asString().contains("threads grew from at most 50 in the first quarter to 63 in the last");
    assertThat(LeakCheck.problems(series(20, i -> 30L << 20, i -> i < 15 ? 50 : 50 + 12), 256L << 20)).isEmpty();
  }

  @Test
  void heapAboveTheCapIsReportedAndWarmUpIsIgnored() {
    assertThat(LeakCheck.problems(series(20, i -> 300L << 20, i -> 50), 256L << 20))
        .singleElement().asString().contains("exceeds the cap of 256 MiB");
    // a low first fifth (warm-up) is ignored; fewer than 8 samples after warm-up give no trend verdict
    assertThat(LeakCheck.problems(series(20, i -> i < 4 ? 5L << 20 : 40L << 20, i -> 50), 256L << 20)).isEmpty();
    assertThat(LeakCheck.problems(series(8, i -> (10L + 50 * i) << 20, i -> 50 + 20 * i), 1024L << 20)).isEmpty();
  }

  @Test
  void anOrphanIsLiveManagedNeitherServedNorInsideItsGrace() {
    TokenInfo served = token("s");
    TokenInfo inGrace = token("g");
    TokenInfo graceOver = token("o1");
    TokenInfo unexplained = token("o2");
    OrphanAudit.SlotView v = new OrphanAudit.SlotView("u/a", Optional.of("s"),
        Map.of("g", NOW.plusSeconds(1), "o1", NOW), List.of(served, inGrace, graceOver, unexplained));

    assertThat(OrphanAudit.orphans(v, NOW)).containsExactly("o1", "o2");
    assertThat(OrphanAudit.orphans(new OrphanAudit.SlotView("u/a", Optional.empty(), Map.of(), List.of(served)), NOW))
        .containsExactly("s");
  }

  @Test
  void managedTokensAreCountedPerSlotAndUnmanagedOnesIgnored() {
    List<TokenInfo> live = List.of(named(TokenNames.format("a", "0000000000000001")),
        named(TokenNames.format("a", "0000000000000002")), named(TokenNames.format("b", "0000000000000003")),
        named("hand-made"));
    assertThat(TokenWatch.managedPerSlot("u", live)).isEqualTo(Map.of("u/a", 2, "u/b", 1));
  }

  @Test
  void aTokenThatExpiredNeverServedNorRevokedIsUnaccounted() {
    Map<String, String> seen = Map.of("s", "u/a", "r", "u/a", "live", "u/a", "lost", "u/b");
    assertThat(TokenWatch.expiredUnaccounted(seen, Set.of("s"), Set.of("r"), Set.of("live")))
        .containsExactly("u/b lost");
  }

  @Test
  void theCanaryFindsPlainUrlEncodedAndBase64SecretsAndNamesThePlaceNotTheValue() {
    String secret = "s3cr3t+value/with=chars";
    SecretScan scan = new SecretScan(List.of(secret, "short"));
    String b64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes());
    String text = "line one\nx " + secret + "\ny s3cr3t%2Bvalue%2Fwith%3Dchars\nz " + b64 + "\n";

    List<String> hits = scan.scan("daemon.log", text);

    assertThat(scan.watched()).isEqualTo(1); // shorter than 8 characters: not watched
    assertThat(hits).containsExactly("daemon.log:2:3 secret#0 (len 23, plain)",
        "daemon.log:3:3 secret#0 (len 23, url-encoded)", "daemon.log:4:3 secret#0 (len 23, base64)");
    assertThat(String.join("", hits)).doesNotContain(secret);
    assertThat(scan.scan("clean", "nothing here")).isEmpty();
  }

  @Test
  void failuresAreCountedByStepOrClassNeverByMessage() {
    var slot = new io.mdrotator.policy.SlotId("u", "a");
    assertThat(SoakTally.kind(new io.mdrotator.rotation.RotationFailedException(slot, "r", "mint", "x", null)))
        .isEqualTo("rotation/mint");
    assertThat(SoakTally.kind(new IllegalStateException("secret-looking text"))).isEqualTo("IllegalStateException");
  }

  /** {@code NOW + s} seconds. */
  private static Instant at(double s) {
    return NOW.plusMillis(Math.round(s * 1000));
  }

  private static LivenessGaps.Interval iv(double from, double to) {
    return new LivenessGaps.Interval(at(from), at(to));
  }

  /** Reads every 100 ms of one slot from 0 to {@code endSeconds}, dead while {@code dead} says so. */
  private static List<NoLiveSpan> reads(String slot, double endSeconds, java.util.function.DoublePredicate dead) {
    List<LivenessTimeline.Read> r = new ArrayList<>();
    for (int i = 0; i <= Math.round(endSeconds * 10); i++) {
      double t = i / 10.0;
      boolean d = dead.test(t);
      r.add(new LivenessTimeline.Read(slot, at(t), !d, d ? "SERVED_EXPIRED" : "LIVE"));
    }
    return LivenessTimeline.of(r);
  }

  @Test
  void aGapEntirelyInsideAFaultWindowIsNotChargedAndOneInQuietTimeIsChargedWhole() {
    List<NoLiveSpan> spans = new ArrayList<>(reads("u/a", 100, t -> t >= 20 && t < 28));
    spans.addAll(reads("u/b", 100, t -> t >= 50 && t < 85));

    Map<String, Duration> longest = LivenessGaps.longestOutsideWindows(List.of("u/a", "u/b", "u/c"), spans,
        List.of(iv(15, 30)), iv(0, 100));

    assertThat(longest).containsExactly(Map.entry("u/a", Duration.ZERO), Map.entry("u/b", Duration.ofSeconds(35)),
        Map.entry("u/c", Duration.ZERO));
  }

  @Test
  void anOutageGapIsChargedFromTheMomentTheWindowCloses() {
    // token dies at 40 s inside a window 30-60 s; the slot serves a live token again at 72.5 s
    List<NoLiveSpan> spans = reads("u/a", 100, t -> t >= 40 && t < 72.5);

    Duration charged = LivenessGaps.longestOutsideWindows(List.of("u/a"), spans, List.of(iv(30, 60)), iv(0, 100))
        .get("u/a");

    assertThat(charged).isEqualTo(Duration.ofMillis(12_500));
    // the same outage with the heal 31 s before recovery is above the soak's 30 s bound
    Duration late = LivenessGaps.longestOutsideWindows(List.of("u/a"), reads("u/a", 100, t -> t >= 40 && t < 91.1),
        List.of(iv(30, 60)), iv(0, 100)).get("u/a");
    assertThat(late).isEqualTo(Duration.ofMillis(31_100)).isGreaterThan(SoakOptions.DEFAULT_MAX_NO_LIVE_TOKEN);
  }

  @Test
  void aGapAcrossSeveralWindowsIsChargedTheQuietTimeBetweenThemAndBeforeThem() {
    // dead from 10 s to 70 s; windows 20-30 and 40-65 (overlapping 50-55 listed separately), quiet elsewhere
    List<NoLiveSpan> spans = reads("u/a", 100, t -> t >= 10 && t < 70);

    Duration charged = LivenessGaps.longestOutsideWindows(List.of("u/a"), spans,
        List.of(iv(40, 60), iv(20, 30), iv(50, 65)), iv(0, 100)).get("u/a");

    assertThat(charged).isEqualTo(Duration.ofSeconds(10 + 10 + 5)); // 10-20, 30-40, 65-70
  }

  @Test
  void theLongestGapOfASlotCountsNotTheirSum() {
    List<NoLiveSpan> spans = reads("u/a", 100, t -> (t >= 10 && t < 30) || (t >= 50 && t < 75));

    assertThat(LivenessGaps.longestOutsideWindows(List.of("u/a"), spans, List.of(), iv(0, 100)).get("u/a"))
        .isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void onlyTheAccountedIntervalCountsAndAGapStillOpenRunsToItsEnd() {
    // nothing served until 3 s (daemon starting at 1 s); dead again from 80 s to the end of the reads
    List<NoLiveSpan> spans = reads("u/a", 100, t -> t < 3 || t >= 80);

    Map<String, Duration> longest = LivenessGaps.longestOutsideWindows(List.of("u/a"), spans, List.of(), iv(1, 95));

    assertThat(spans.get(1).until()).isEmpty();
    assertThat(longest.get("u/a")).isEqualTo(Duration.ofSeconds(15)); // 80-95, not 80-100; the start gap is 2 s
    assertThat(LivenessGaps.outside(at(0), at(3), List.of(), iv(1, 95))).isEqualTo(Duration.ofSeconds(2));
    assertThat(LivenessGaps.outside(at(96), at(99), List.of(), iv(1, 95))).isZero();
  }

  @Test
  void overlappingWindowsAreMergedBeforeSubtracting() {
    assertThat(LivenessGaps.merge(List.of(iv(5, 8), iv(1, 3), iv(2, 4), iv(4, 5))))
        .containsExactly(iv(1, 8));
    assertThat(LivenessGaps.outside(at(0), at(10), List.of(iv(1, 3), iv(2, 4), iv(6, 7)), iv(0, 10)))
        .isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void optionsAreValidated() {
    assertThat(new SoakOptions(Duration.ofMinutes(3), 20, 0.2, 1, Duration.ofSeconds(20), Duration.ofSeconds(5), 4,
        Duration.ofSeconds(10), 256, java.nio.file.Path.of("x")).drainBound()).isEqualTo(Duration.ofSeconds(20));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SoakOptions(Duration.ofMinutes(3), 20, 0.2, 1,
        Duration.ofSeconds(20), Duration.ofSeconds(20), 4, Duration.ofSeconds(10), 256, java.nio.file.Path.of("x")))
        .hasMessageContaining("--grace");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SoakOptions(Duration.ofMinutes(3), 20, 1.5, 1,
        Duration.ofSeconds(20), Duration.ofSeconds(5), 4, Duration.ofSeconds(10), 256, java.nio.file.Path.of("x")))
        .hasMessageContaining("--fault-rate");
    assertThat(new SoakOptions(Duration.ofMinutes(3), 20, 0.2, 1, Duration.ofSeconds(20), Duration.ofSeconds(5), 4,
        Duration.ofSeconds(10), 256, java.nio.file.Path.of("x")).maxNoLiveToken()).isEqualTo(Duration.ofSeconds(30));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SoakOptions(Duration.ofMinutes(3), 20, 0.2, 1,
        Duration.ofSeconds(20), Duration.ofSeconds(5), 4, Duration.ofSeconds(10), 256, Duration.ZERO,
        java.nio.file.Path.of("x"))).hasMessageContaining("maxNoLiveToken");
  }

  private static List<Sample> series(int n, java.util.function.IntToLongFunction heap,
      java.util.function.IntUnaryOperator threads) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Sample(i * 10L, heap.applyAsLong(i), 64L << 20, 200L << 20, threads.applyAsInt(i)));
    }
    return out;
  }

  private static TokenInfo token(String id) {
    return new TokenInfo(id, TokenNames.format("a", "0000000000000001"),
        TokenType.READ_WRITE, NOW.minusSeconds(5), Optional.of(NOW.plusSeconds(15)), false);
  }

  private static TokenInfo named(String name) {
    return new TokenInfo(java.util.UUID.randomUUID().toString(), name, TokenType.READ_WRITE, NOW,
        Optional.of(NOW.plusSeconds(20)), false);
  }
}
