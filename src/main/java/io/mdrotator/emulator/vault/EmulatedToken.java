package io.mdrotator.emulator.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token the emulator issued, as a test sees it. {@code expireTime} is null for tokens that never
 * expire (root); {@code creationTtl} is the TTL given at issue (zero for root). {@code toString()} never shows the token id.
 */
public record EmulatedToken(
    String id,
    String accessor,
    List<String> policies,
    String path,
    Instant issueTime,
    Instant expireTime,
    Duration creationTtl,
    boolean renewable,
    boolean revoked,
    int renewals,
    Map<String, String> meta) {

  /** True when the token is usable at {@code now}. */
  public boolean validAt(Instant now) {
    return !revoked && (expireTime == null || now.isBefore(expireTime));
  }

  /** Remaining TTL at {@code now} (zero when expired; zero for non-expiring tokens). */
  public Duration ttlAt(Instant now) {
    if (expireTime == null || !now.isBefore(expireTime)) {
      return Duration.ZERO;
    }
    return Duration.between(now, expireTime);
  }

  @Override
  public String toString() {
    return "EmulatedToken[accessor=" + accessor + ", policies=" + policies + ", path=" + path
        + ", expireTime=" + expireTime + ", renewable=" + renewable + ", revoked=" + revoked + "]";
  }
}
