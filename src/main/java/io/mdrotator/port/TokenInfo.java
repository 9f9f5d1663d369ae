package io.mdrotator.port;

import io.mdrotator.policy.TokenType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A token as listed by MotherDuck: metadata only. {@code expiresAt} empty means never expires. */
public record TokenInfo(
    String id,
    String name,
    TokenType type,
    Instant createdAt,
    Optional<Instant> expiresAt,
    boolean readOnly) {
  public TokenInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** True when the token has an expiry at or before {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt.map(e -> !e.isAfter(now)).orElse(false);
  }
}
