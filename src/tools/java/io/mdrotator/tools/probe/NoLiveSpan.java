package io.mdrotator.tools.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stretch of one target's reads in which consumers got no token MotherDuck accepts: from the
 * first read that found none ({@code from}) to the first read after it that found a live token
 * again ({@code until}; empty while the stretch lasts). {@code firstSeen} is what that first read
 * found: {@link LivenessTimeline#NOTHING_SERVED} (Vault serves nothing yet) or a {@link
 * ProbeViolation.Kind} name. The span is as precise as the reads: a token that died between two
 * reads is counted from the later one.
 */
public record NoLiveSpan(String target, Instant from, Optional<Instant> until, String firstSeen) {
  public NoLiveSpan {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(firstSeen, "firstSeen");
    if (until.isPresent() && until.get().isBefore(from)) {
      throw new IllegalArgumentException("span of " + target + " ends before it starts: " + from + " > " + until.get());
    }
  }

  /** Its end, or {@code openEnd} while it lasts. */
  public Instant end(Instant openEnd) {
    return until.orElse(openEnd.isBefore(from) ? from : openEnd);
  }

  /** Its length, counting a span that still lasts up to {@code openEnd}. */
  public Duration length(Instant openEnd) {
    return Duration.between(from, end(openEnd));
  }
}
