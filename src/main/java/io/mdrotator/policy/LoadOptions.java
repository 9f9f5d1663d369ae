package io.mdrotator.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How strictly to load a policy. {@code minimumTtl} is 300 s (MotherDuck's floor) unless the daemon
 * config sets {@code motherduck.allowShortTtl} for emulator demos and tests (then 1 s);
 * {@code strict} turns lint warnings into errors.
 */
public record LoadOptions(Duration minimumTtl, boolean strict) {
  public static final Duration MOTHERDUCK_MINIMUM_TTL = Duration.ofSeconds(300);
  public static final Duration SHORT_MINIMUM_TTL = Duration.ofSeconds(1);
  public static final Duration MAXIMUM_TTL = Duration.ofDays(365);

  public LoadOptions {
    Objects.requireNonNull(minimumTtl, "minimumTtl");
    if (minimumTtl.isNegative() || minimumTtl.isZero()) {
      throw new IllegalArgumentException("minimumTtl must be positive, was " + minimumTtl);
    }
  }

  public static LoadOptions defaults() {
    return new LoadOptions(MOTHERDUCK_MINIMUM_TTL, false);
  }

  public LoadOptions withStrict(boolean strict) {
    return new LoadOptions(minimumTtl, strict);
  }

  /** Options for a daemon whose config says {@code allowShortTtl}. */
  public static LoadOptions allowingShortTtl(boolean allowShortTtl) {
    return new LoadOptions(allowShortTtl ? SHORT_MINIMUM_TTL : MOTHERDUCK_MINIMUM_TTL, false);
  }
}
