package io.mdrotator.reliability.crash;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wall clock plus an offset the test moves: it ticks in real time (daemon threads, HTTP
 * timeouts and the probe see time pass) but can jump ahead to the next due time. A child JVM gets
 * the same clock by {@code Clock.offset(Clock.systemUTC(), offset())}; the offset is only moved
 * while no child runs, so both sides agree to within the clocks' read latency.
 */
final class OffsetClock extends Clock {
  private final AtomicLong offsetMillis = new AtomicLong();

  Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }

  /** Jumps so that {@link #instant()} reads {@code when} now (never backwards). */
  void set(Instant when) {
    long target = when.toEpochMilli() - System.currentTimeMillis();
    offsetMillis.accumulateAndGet(target, Math::max);
  }

  void advance(Duration d) {
    offsetMillis.addAndGet(d.toMillis());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** A fixed-offset copy in {@code zone} (later shifts of this clock do not reach it). */
  @Override
  public Clock withZone(ZoneId zone) {
    return ZoneOffset.UTC.equals(zone) ? this : Clock.offset(Clock.system(zone), offset());
  }
}
