package io.mdrotator.rotation;

import java.util.Locale;

/**
 * The steps of the rotation protocol, in order; a {@link StepHook} hears each one as it is passed
 * (the crash suites stop the engine at every one of them).
 */
public enum ProtocolStep {
  BEFORE_INTENT,
  AFTER_INTENT,
  AFTER_MINT,
  AFTER_STORE,
  AFTER_VERIFY,
  AFTER_COMPLETE,
  BEFORE_REVOKE,
  AFTER_REVOKE;

  /** The kebab-case spelling, e.g. after-mint. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ProtocolStep fromLabel(String label) {
    for (ProtocolStep p : values()) {
      if (p.label().equalsIgnoreCase(label.trim()) || p.name().equalsIgnoreCase(label.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown protocol step '" + label + "'");
  }
}
