package io.mdrotator.rotation;

import java.util.Locale;

/** Named instants of the rotation protocol where a crash is simulated in tests. */
public enum CrashPoint {
  BEFORE_INTENT,
  AFTER_INTENT,
  AFTER_MINT,
  AFTER_STORE,
  AFTER_VERIFY,
  AFTER_COMPLETE,
  BEFORE_REVOKE,
  AFTER_REVOKE;

  /** The spelling used in {@code mdrotator.crashAt} / {@code MDROTATOR_CRASH_AT}, e.g. after-mint. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static CrashPoint fromLabel(String label) {
    for (CrashPoint p : values()) {
      if (p.label().equalsIgnoreCase(label.trim()) || p.name().equalsIgnoreCase(label.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown crash point '" + label + "'");
  }
}
