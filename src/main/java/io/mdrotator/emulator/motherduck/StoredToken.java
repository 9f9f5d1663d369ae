package io.mdrotator.emulator.motherduck;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.TokenType;
import io.mdrotator.secret.Secret;
import java.time.Instant;
import java.util.Optional;

/** A token the emulator issued, with its secret. */
record StoredToken(
    String id, String username, String name, TokenType type, Instant createdAt, Optional<Instant> expiresAt, Secret secret) {

  boolean liveAt(Instant now) {
    return expiresAt.map(now::isBefore).orElse(true);
  }

  TokenInfo info() {
    return new TokenInfo(id, name, type, createdAt, expiresAt, type == TokenType.READ_SCALING);
  }
}
