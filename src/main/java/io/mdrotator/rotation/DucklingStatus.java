package io.mdrotator.rotation;

/** How applying an account's declared Duckling configuration ended. */
public enum DucklingStatus {
  /** The server's configuration matches every field the policy sets; nothing was sent. */
  IN_SYNC,
  /** A drift was corrected with one PUT. */
  UPDATED,
  /** MotherDuck refused the configuration (4xx: org limits, invalid for the tier, ...). */
  REJECTED,
  /** The check or the update failed for a transient reason (5xx, I/O, rate limit). */
  FAILED;

  /** True when the account's Ducklings are known to match the policy. */
  public boolean inSync() {
    return this == IN_SYNC || this == UPDATED;
  }
}
