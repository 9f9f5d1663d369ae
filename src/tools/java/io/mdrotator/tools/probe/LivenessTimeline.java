package io.mdrotator.tools.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds a probe's reads, in the order they were made, into each target's {@link NoLiveSpan}s.
 * Only the spans are kept (a read that changes nothing costs nothing), so a probe reading every
 * 100 ms for hours holds one entry per outage, not one per read. Not thread-safe: the probe calls
 * it under its own lock.
 */
public final class LivenessTimeline {
  /** {@link NoLiveSpan#firstSeen()} when Vault served nothing at all. */
  public static final String NOTHING_SERVED = "NOTHING_SERVED";

  /** One read: whether {@code target} served a live token at {@code at}, and if not what it served. */
  public record Read(String target, Instant at, boolean live, String seen) {}

  private final List<NoLiveSpan> closed = new ArrayList<>();
  private final Map<String, NoLiveSpan> open = new LinkedHashMap<>();
  private final Map<String, Instant> last = new LinkedHashMap<>();

  /** Records one read; reads of one target must come in time order. */
  public void read(String target, Instant at, boolean live, String seen) {
    Instant previous = last.put(target, at);
    if (previous != null && at.isBefore(previous)) {
      throw new IllegalArgumentException("read of " + target + " at " + at + " is before its previous read " + previous);
    }
    NoLiveSpan current = open.get(target);
    if (live && current != null) {
      open.remove(target);
      closed.add(new NoLiveSpan(target, current.from(), Optional.of(at), current.firstSeen()));
    } else if (!live && current == null) {
      open.put(target, new NoLiveSpan(target, at, Optional.empty(), seen));
    }
  }

  /** Every span so far, the ones still open last (their {@code until} empty). */
  public List<NoLiveSpan> spans() {
    List<NoLiveSpan> all = new ArrayList<>(closed);
    all.addAll(open.values());
    return all;
  }

  /** The spans of a whole sequence of reads (for tests and offline use). */
  public static List<NoLiveSpan> of(List<Read> reads) {
    LivenessTimeline t = new LivenessTimeline();
    reads.forEach(r -> t.read(r.target(), r.at(), r.live(), r.seen()));
    return t.spans();
  }
}
