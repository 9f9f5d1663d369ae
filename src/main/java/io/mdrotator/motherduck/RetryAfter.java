package io.mdrotator.motherduck;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads {@code Retry-After} as delta-seconds or an HTTP-date. A date is measured against the same
 * reply's {@code Date} header when present (immune to local clock skew), else against {@code now}.
 */
final class RetryAfter {
  private RetryAfter() {}

  static Optional<Duration> of(HttpHeaders headers, Instant now) {
    Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
    if (value.isEmpty() || value.get().isEmpty()) {
      return Optional.empty();
    }
    String v = value.get();
    if (v.chars().allMatch(Character::isDigit)) {
      return v.length() > 9 ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    Optional<Instant> at = httpDate(v);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    Instant reference = headers.firstValue("Date").flatMap(RetryAfter::httpDate).orElse(now);
    Duration d = Duration.between(reference, at.get());
    return Optional.of(d.isNegative() ? Duration.ZERO : d);
  }

  static Optional<Instant> httpDate(String text) {
    try {
      return Optional.of(ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
