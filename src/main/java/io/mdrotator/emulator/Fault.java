package io.mdrotator.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault rule for an emulator endpoint. A rule fires on a call with probability {@code rate}
 * (1.0 = always) until it has fired {@code count} times ({@link #UNLIMITED} = forever).
 *
 * <p>Kinds: {@code LATENCY} delays the reply by {@code latency} and then serves it normally;
 * {@code STATUS} answers {@code status} with the emulator's error body; {@code RATE_LIMIT} answers
 * 429 with {@code Retry-After: retryAfter seconds}; {@code RESET} closes the connection before
 * doing anything; {@code COMMIT_THEN_DROP} performs the operation and then closes the connection
 * without a reply; {@code MALFORMED} performs the operation and replies 200 with a complete HTTP
 * reply whose JSON body is cut in half (not parseable); {@code TRUNCATED} performs the operation,
 * announces the whole body's {@code Content-Length}, sends half of it and closes the connection (the
 * client sees an I/O error while reading the body).
 */
public record Fault(Kind kind, int status, Duration latency, Duration retryAfter, double rate, int count) {
  public static final int UNLIMITED = -1;

  /** What the fault does to a call. */
  public enum Kind {
    LATENCY,
    STATUS,
    RATE_LIMIT,
    RESET,
    COMMIT_THEN_DROP,
    MALFORMED,
    TRUNCATED
  }

  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (rate <= 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be in (0, 1], was " + rate);
    }
    if (count == 0 || count < UNLIMITED) {
      throw new IllegalArgumentException("count must be positive or UNLIMITED, was " + count);
    }
  }

  public static Fault latency(Duration latency) {
    return new Fault(Kind.LATENCY, 0, latency, Duration.ZERO, 1.0, UNLIMITED);
  }

  public static Fault status(int status) {
    return new Fault(Kind.STATUS, status, Duration.ZERO, Duration.ZERO, 1.0, UNLIMITED);
  }

  public static Fault rateLimited(Duration retryAfter) {
    return new Fault(Kind.RATE_LIMIT, 429, Duration.ZERO, retryAfter, 1.0, UNLIMITED);
  }

  public static Fault reset() {
    return new Fault(Kind.RESET, 0, Duration.ZERO, Duration.ZERO, 1.0, UNLIMITED);
  }

  public static Fault commitThenDrop() {
    return new Fault(Kind.COMMIT_THEN_DROP, 0, Duration.ZERO, Duration.ZERO, 1.0, UNLIMITED);
  }

  public static Fault malformed() {
    return new Fault(Kind.MALFORMED, 200, Duration.ZERO, Duration.ZERO, 1.0, UNLIMITED);
  }

  public static Fault truncated() {
    return new Fault(Kind.TRUNCATED, 200, Duration.ZERO, Duration.ZERO, 1.0, UNLIMITED);
  }

  /** The same fault, firing only {@code n} times. */
  public Fault times(int n) {
    return new Fault(kind, status, latency, retryAfter, rate, n);
  }

  /** The same fault, firing on a fraction {@code r} of calls. */
  public Fault withRate(double r) {
    return new Fault(kind, status, latency, retryAfter, r, count);
  }
}
