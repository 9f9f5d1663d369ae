package io.mdrotator.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * When to start rotating, before the current token expires: a fixed duration or a fraction of the
 * token's actual lifetime (default one third, like cert-manager).
 */
public sealed interface RenewBefore {
  RenewBefore DEFAULT = new Fraction(1.0 / 3.0);

  /** How long before expiry rotation starts for a token that lives {@code lifetime}. */
  Duration before(Duration lifetime);

  /** A fixed duration before expiry. */
  record Fixed(Duration duration) implements RenewBefore {
    public Fixed {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("renewBefore must be positive, was " + duration);
      }
    }

    @Override
    public Duration before(Duration lifetime) {
      return duration;
    }
  }

  /** A fraction in (0, 1) of the token's lifetime, e.g. 0.33 for "33%". */
  record Fraction(double fraction) implements RenewBefore {
    public Fraction {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException("renewBefore fraction must be in (0, 1), was " + fraction);
      }
    }

    @Override
    public Duration before(Duration lifetime) {
      return Duration.ofMillis((long) (lifetime.toMillis() * fraction));
    }
  }
}
