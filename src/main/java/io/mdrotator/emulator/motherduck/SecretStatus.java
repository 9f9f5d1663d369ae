package io.mdrotator.emulator.motherduck;

/** What MotherDuck would answer to a consumer presenting a token secret. */
public enum SecretStatus {
  /** Authenticates: issued, not revoked, not expired. */
  LIVE,
  /** Issued and never revoked, but past its expiry. */
  EXPIRED,
  /** Issued, then revoked (or its account deleted). */
  REVOKED,
  /** Not a secret this emulator ever issued. */
  NEVER_ISSUED
}
