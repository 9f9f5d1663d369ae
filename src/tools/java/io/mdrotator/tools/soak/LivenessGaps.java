package io.mdrotator.tools.soak;

import io.mdrotator.tools.probe.NoLiveSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The soak's liveness figure, a pure function of the probe's no-live spans and the fault windows
 * as they were played: per slot, the longest time consumers got no live token (nothing served, or
 * a token MotherDuck refuses) <em>outside</em> fault windows.
 *
 * <p>Rule: a span is charged for every instant of it that lies inside the accounted interval (from
 * just before the daemon starts to just before it stops) and outside every fault window. So the part
 * of an outage that falls inside a window is free, and the clock starts again the moment the window
 * closes: what counts is how long the daemon took to recover once the backend was healthy. A span
 * that runs across several windows is charged the sum of its parts between them (the daemon had all
 * of that healthy time to recover). The empty reads before a slot's first token count like any other
 * (a slot must get its first token promptly too).
 */
final class LivenessGaps {
  /** A half-open interval of wall-clock time. */
  record Interval(Instant from, Instant to) {
    Interval {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("interval ends before it starts: " + from + " > " + to);
      }
    }
  }

  private LivenessGaps() {}

  /**
   * Per slot of {@code slots} (0 for a slot always live), the longest charged time of any of its
   * spans. A span still open is counted up to {@code accounted.to()}.
   */
  static Map<String, Duration> longestOutsideWindows(Collection<String> slots, List<NoLiveSpan> spans,
      List<Interval> windows, Interval accounted) {
    List<Interval> merged = merge(windows);
    Map<String, Duration> out = new TreeMap<>();
    slots.forEach(s -> out.put(s, Duration.ZERO));
    for (NoLiveSpan span : spans) {
      Duration charged = outside(span.from(), span.end(accounted.to()), merged, accounted);
      out.merge(span.target(), charged, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    return out;
  }

  /** The time in {@code [from, to)} that lies inside {@code accounted} and outside every window. */
  static Duration outside(Instant from, Instant to, List<Interval> windows, Interval accounted) {
    Instant a = max(from, accounted.from());
    Instant b = min(to, accounted.to());
    if (!a.isBefore(b)) {
      return Duration.ZERO;
    }
    Duration total = Duration.between(a, b);
    for (Interval w : merge(windows)) {
      Instant wa = max(w.from(), a);
      Instant wb = min(w.to(), b);
      if (wa.isBefore(wb)) {
        total = total.minus(Duration.between(wa, wb));
      }
    }
    return total;
  }

  /** Windows sorted and overlapping ones joined, so no instant is subtracted twice. */
  static List<Interval> merge(List<Interval> windows) {
    List<Interval> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparing(Interval::from));
    List<Interval> out = new ArrayList<>();
    for (Interval w : sorted) {
      Interval last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && !w.from().isAfter(last.to())) {
        out.set(out.size() - 1, new Interval(last.from(), max(last.to(), w.to())));
      } else {
        out.add(w);
      }
    }
    return out;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
