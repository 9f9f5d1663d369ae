package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.SlotPolicy;
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
    UNKNOWN("unknown"),
    /**
     * The policy retires the slot: no new token is minted; the served token (if any) stays until the
     * retirement deadline, then it and the slot's secret are removed. Healthy by design.
     */
    RETIRING("retiring"),
    /** The slot's retirement is complete: nothing is served, no token of it is live. Healthy. */
    RETIRED("retired");

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

  /**
   * Judges the served token of {@code obs} at {@code now}. A token missing from MotherDuck's listing
   * is EXPIRED when the expiry Vault recorded for it has passed (MotherDuck drops expired tokens
   * from the listing) and REVOKED otherwise. A listed token is RENEWING from its scheduled rotation
   * time on ({@link RotationTiming#rotationDue}); a token of another type than the policy's is still LIVE
   * (it works; its replacement is not urgent).
   */
  public static Liveness of(SlotPolicy policy, SlotObservation obs, Instant now, EngineOptions o) {
    if (obs.served().isEmpty()) {
      return new Liveness(State.MISSING, Optional.empty(), Optional.empty());
    }
    ServedToken served = obs.served().get();
    Optional<TokenInfo> info = obs.token(served.tokenId());
    Optional<Instant> expiry = info.isPresent() ? info.get().expiresAt() : served.expiresAt();
    Optional<String> id = Optional.of(served.tokenId());
    if (info.isEmpty()) {
      boolean expired = expiry.map(e -> !now.isBefore(e)).orElse(false);
      return new Liveness(expired ? State.EXPIRED : State.REVOKED, id, expiry);
    }
    if (info.get().expiredAt(now)) {
      return new Liveness(State.EXPIRED, id, expiry);
    }
    return new Liveness(now.isBefore(rotationDue(policy, info.get(), o)) ? State.LIVE : State.RENEWING, id, expiry);
  }

  /** Scheduled rotation of a listed token; a never-expiring one is treated as living ttl. */
  static Instant rotationDue(SlotPolicy policy, TokenInfo info, EngineOptions o) {
    Instant expiry = info.expiresAt().orElse(info.createdAt().plus(policy.ttl()));
    return RotationTiming.rotationDue(policy, info.createdAt(), expiry, o);
  }

  /** Consumers reading the slot now get a token MotherDuck accepts. */
  public boolean live() {
    return state == State.LIVE || state == State.RENEWING;
  }

  /**
   * Consumers are without a live token or close to it: anything but {@link State#LIVE} or a retired
   * slot's state. Retries of an at-risk slot run on the short urgent interval, never on a long backoff.
   */
  public boolean atRisk() {
    return state != State.LIVE && !retired();
  }

  /**
   * The slot is retiring or retired: consumers are meant to lose its token, so neither the token's
   * expiry nor its absence is a fault to report or recover from.
   */
  public boolean retired() {
    return state == State.RETIRING || state == State.RETIRED;
  }

  /**
   * Re-judges a token last known to be live against a fresh listing of its account: EXPIRED once
   * its known expiry has passed, REVOKED when MotherDuck no longer lists it; empty while it is
   * listed and valid, or when nothing live was known (retries already own such a slot).
   */
  public Optional<State> lostIn(java.util.List<TokenInfo> listing, Instant now) {
    if (!live() || tokenId.isEmpty()) {
      return Optional.empty();
    }
    if (expiresAt.map(e -> !now.isBefore(e)).orElse(false)) {
      return Optional.of(State.EXPIRED);
    }
    boolean listed = listing.stream().anyMatch(t -> t.id().equals(tokenId.get()));
    return listed ? Optional.empty() : Optional.of(State.REVOKED);
  }

  /** The same slot after an attempt that may have changed what Vault serves. */
  public Liveness unknownAfterChange() {
    return new Liveness(State.UNKNOWN, tokenId, expiresAt);
  }
}
