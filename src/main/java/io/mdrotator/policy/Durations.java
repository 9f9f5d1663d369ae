package io.mdrotator.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in md-rotator files and on its command line: {@code 30d}, {@code 12h},
 * {@code 1h30m}, {@code 45s}, or ISO-8601 ({@code PT45S}, {@code P1DT2H}).
 */
public final class Durations {
  private static final Pattern FORM =
      Pattern.compile("(?:([0-9]{1,7})d)?(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?(?:([0-9]{1,9})s)?");

  private Durations() {}

  /** Parses a duration; throws {@link IllegalArgumentException} naming the text if malformed. */
  public static Duration parse(String text) {
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration (e.g. PT45S, P1DT2H)", e);
      }
    }
    Matcher m = FORM.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 30d, 12h, 90m, 45s, 1h30m or ISO-8601 PT45S)");
    }
    return Duration.ofDays(group(m, 1))
        .plusHours(group(m, 2))
        .plusMinutes(group(m, 3))
        .plusSeconds(group(m, 4));
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }

  /** The shortest human form, e.g. {@code 1h30m}; {@code 0s} for zero. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long[] sizes = {86400, 3600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (s >= sizes[i]) {
        out.append(s / sizes[i]).append(units[i]);
        s %= sizes[i];
      }
    }
    return out.toString();
  }
}
