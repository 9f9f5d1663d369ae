package io.mdrotator.tools.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.tools.probe.LivenessTimeline.Read;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reads folded into no-live spans: per target, from the first dead read to the first live one after it. */
class LivenessTimelineTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

  private static Read read(String target, long ms, boolean live) {
    return new Read(target, T.plusMillis(ms), live, live ? "LIVE" : "SERVED_EXPIRED");
  }

  @Test
  void consecutiveDeadReadsAreOneSpanEndingAtTheNextLiveRead() {
    List<NoLiveSpan> spans = LivenessTimeline.of(List.of(read("a", 0, true), read("a", 100, false),
        read("a", 200, false), read("a", 300, false), read("a", 400, true), read("a", 500, true)));

    assertThat(spans).containsExactly(new NoLiveSpan("a", T.plusMillis(100), Optional.of(T.plusMillis(400)), "SERVED_EXPIRED"));
    assertThat(spans.get(0).length(T)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void targetsAreIndependentAndASpanStillOpenIsListedLastWithoutAnEnd() {
    List<NoLiveSpan> spans = LivenessTimeline.of(List.of(read("a", 0, false), read("b", 0, true),
        read("a", 100, true), read("b", 100, false), read("a", 200, true), read("b", 900, false)));

    assertThat(spans).containsExactly(
        new NoLiveSpan("a", T, Optional.of(T.plusMillis(100)), "SERVED_EXPIRED"),
        new NoLiveSpan("b", T.plusMillis(100), Optional.empty(), "SERVED_EXPIRED"));
    assertThat(spans.get(1).length(T.plusMillis(1000))).isEqualTo(Duration.ofMillis(900));
    assertThat(spans.get(1).length(T)).isZero(); // an open end before the start counts nothing
  }

  @Test
  void firstSeenIsWhatTheFirstDeadReadFound() {
    LivenessTimeline t = new LivenessTimeline();
    t.read("a", T, false, LivenessTimeline.NOTHING_SERVED);
    t.read("a", T.plusSeconds(1), false, "SERVED_REVOKED");
    t.read("a", T.plusSeconds(2), true, "LIVE");
    assertThat(t.spans()).extracting(NoLiveSpan::firstSeen).containsExactly(LivenessTimeline.NOTHING_SERVED);
  }

  @Test
  void allLiveMeansNoSpanAndReadsMustComeInOrder() {
    assertThat(LivenessTimeline.of(List.of(read("a", 0, true), read("a", 100, true)))).isEmpty();
    assertThatThrownBy(() -> LivenessTimeline.of(List.of(read("a", 100, true), read("a", 0, true))))
        .hasMessageContaining("before its previous read");
  }
}
