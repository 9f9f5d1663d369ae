package io.mdrotator.rotation;

import java.util.Locale;

/**
 * The steps of the rotation protocol, in order, then those only a retirement passes; a {@link
 * StepHook} hears each one as it is passed (the crash suites stop the engine at every one of them).
 * A retirement also passes {@link #BEFORE_REVOKE} and {@link #AFTER_REVOKE} for each token it revokes.
 */
public enum ProtocolStep {
  BEFORE_INTENT,
  AFTER_INTENT,
  AFTER_MINT,
  AFTER_STORE,
  AFTER_VERIFY,
  AFTER_COMPLETE,
  BEFORE_REVOKE,
  AFTER_REVOKE,
  /** The retirement record (and its deadline) is written to the state document. */
  AFTER_RETIREMENT_RECORD,
  /** The slot's Vault secret is deleted (soft, or destroyed). */
  AFTER_SECRET_DELETE,
  /** The state document is removed: the retirement is complete. */
  AFTER_STATE_DELETE;

  /** The steps only a retirement passes (a rotation never reaches them). */
  public static final java.util.Set<ProtocolStep> RETIREMENT_ONLY =
      java.util.EnumSet.of(AFTER_RETIREMENT_RECORD, AFTER_SECRET_DELETE, AFTER_STATE_DELETE);

  /** The steps a retirement passes: its own, and those of each revocation. */
  public static final java.util.Set<ProtocolStep> RETIREMENT =
      java.util.EnumSet.of(AFTER_RETIREMENT_RECORD, BEFORE_REVOKE, AFTER_REVOKE, AFTER_SECRET_DELETE, AFTER_STATE_DELETE);

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
