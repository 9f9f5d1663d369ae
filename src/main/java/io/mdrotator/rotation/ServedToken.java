package io.mdrotator.rotation;

import io.mdrotator.policy.TokenType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The token Vault currently serves for a slot, as read from the slot's latest KV version (no
 * secret): {@code storedAt} is the version's {@code created_time}, the start of the grace period of
 * the token it replaced.
 */
public record ServedToken(
    long vaultVersion,
    String tokenId,
    String tokenName,
    Optional<TokenType> tokenType,
    Optional<Instant> expiresAt,
    Instant storedAt) {
  public ServedToken {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(tokenName, "tokenName");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(storedAt, "storedAt");
  }
}
