package io.mdrotator.tools.probe;

import java.time.Instant;

/**
 * A read in which a consumer would have been handed a token that does not work. {@code tokenId} is
 * the served {@code token_id} (never the secret).
 */
public record ProbeViolation(Instant at, String target, Kind kind, String tokenId) {
  /** Why the served token would fail. */
  public enum Kind {
    /** The served secret was revoked while Vault still served it. */
    SERVED_REVOKED,
    /** The served secret is past its expiry. */
    SERVED_EXPIRED,
    /** The served secret was never issued by MotherDuck (corrupted or foreign value). */
    SERVED_UNKNOWN,
    /** Vault served a token before and now serves nothing (deleted or destroyed). */
    VANISHED
  }

  @Override
  public String toString() {
    return at + " " + target + " " + kind + " token_id=" + tokenId;
  }
}
