package io.mdrotator.port;

import io.mdrotator.policy.TokenType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Body of a create-token call. {@code ttl} empty means "never expires"; when present the API
 * accepts 300 s to 365 days (the emulator's relaxed mode accepts less, for demos).
 */
public record TokenRequest(String name, Optional<Duration> ttl, TokenType type) {
  public TokenRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(type, "type");
  }

  public static TokenRequest of(String name, Duration ttl, TokenType type) {
    return new TokenRequest(name, Optional.of(ttl), type);
  }
}
