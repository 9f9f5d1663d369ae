package io.mdrotator.motherduck;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Tuning of {@link MotherDuckClient}; validated once, at build time. */
record ClientSettings(
    URI baseUrl,
    Duration requestTimeout,
    int maxRetries,
    Duration maxRetryTime,
    Duration initialBackoff,
    Duration maxBackoff,
    double requestsPerSecond) {
  ClientSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("baseUrl must be http(s), was " + baseUrl);
    }
    positive(requestTimeout, "requestTimeout");
    positive(maxRetryTime, "maxRetryTime");
    positive(initialBackoff, "initialBackoff");
    positive(maxBackoff, "maxBackoff");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
    }
    if (maxBackoff.compareTo(initialBackoff) <= 0) {
      throw new IllegalArgumentException("maxBackoff must exceed initialBackoff");
    }
    if (maxRetryTime.compareTo(initialBackoff) <= 0) {
      throw new IllegalArgumentException("maxRetryTime must exceed initialBackoff");
    }
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be >= 0 (0 = unlimited), was " + requestsPerSecond);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** The base URL without a trailing slash, so paths can be appended. */
  String base() {
    String s = baseUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
