package io.mdrotator.rotation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether consumers reading a slot's Vault path get a token MotherDuck accepts, as the latest
 * observation found it. {@code tokenId} and {@code expiresAt} describe the served token as last
 * known: from MotherDuck's listing, else from the Vault document's {@code expires_at} (so an
 * expired or revoked token keeps its expiry; empty when nothing is served or it never expires).
 */
public record Liveness(State state, Optional<String> tokenId, Optional<Instant> expiresAt) {
  /** What the served token is, from the consumer's point of view. */
  public enum State {
    /** Listed, valid, not yet inside its renew window. */
    LIVE("live"),
    /** Listed and valid, but due for rotation (inside its renew window or already rotating). */
    RENEWING("renewing"),
    /** Past its expiry (MotherDuck no longer lists expired tokens). */
    EXPIRED("expired"),
    /** Not listed by MotherDuck although it has not expired: revoked behind md-rotator's back. */
    REVOKED("revoked"),
    /** Vault serves nothing usable for the slot. */
    MISSING("missing"),
    /** Not known: never observed, or the last attempt failed after changing what Vault serves. */
    UNKNOWN("unknown");

    private final String label;

    State(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static final Liveness UNKNOWN = new Liveness(State.UNKNOWN, Optional.empty(), Optional.empty());

  public Liveness {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Consumers reading the slot now get a token MotherDuck accepts. */
  public boolean live() {
    return state == State.LIVE || state == State.RENEWING;
  }

  /**
   * Consumers are without a live token or close to it: anything but {@link State#LIVE}. Retries of
   * an at-risk slot run on the short urgent interval, never on a long backoff.
   */
  public boolean atRisk() {
    return state != State.LIVE;
  }

  /** The same slot after an attempt that may have changed what Vault serves. */
  public Liveness unknownAfterChange() {
    return new Liveness(State.UNKNOWN, tokenId, expiresAt);
  }
}
