package io.mdrotator.observability;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How old a heartbeat or a successful contact with a target may be before health fails, and which
 * targets readiness requires.
 */
public record HealthThresholds(Duration heartbeatMaxAge, Duration targetMaxAge, Set<String> requiredTargets) {
  public static final HealthThresholds DEFAULT =
      new HealthThresholds(Duration.ofMinutes(2), Duration.ofMinutes(15), Set.of("vault", "motherduck"));

  public HealthThresholds {
    Objects.requireNonNull(heartbeatMaxAge, "heartbeatMaxAge");
    Objects.requireNonNull(targetMaxAge, "targetMaxAge");
    requiredTargets = Set.copyOf(requiredTargets);
  }
}
