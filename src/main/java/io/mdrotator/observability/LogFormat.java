package io.mdrotator.observability;

import java.util.Locale;

/** Console log format: human-readable text or one JSON object per line. */
public enum LogFormat {
  TEXT,
  JSON;

  /** Parses {@code text} or {@code json}, case-insensitively. */
  public static LogFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("log format must be text or json, was '" + value + "'", e);
    }
  }
}
