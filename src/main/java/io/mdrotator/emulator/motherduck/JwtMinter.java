package io.mdrotator.emulator.motherduck;

import io.mdrotator.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Mints JWT-shaped secrets ({@code header.payload.signature}, base64url) with a random signature. */
final class JwtMinter {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
  private final SecureRandom random = new SecureRandom();

  Secret mint(String username, String tokenId, String tokenType, Instant issuedAt, Optional<Instant> expiresAt) {
    String payload = "{\"iss\":\"md-rotator-emulator\",\"sub\":\"" + username.replace("\"", "")
        + "\",\"jti\":\"" + tokenId + "\",\"token_type\":\"" + tokenType + "\",\"iat\":" + issuedAt.getEpochSecond()
        + expiresAt.map(e -> ",\"exp\":" + e.getEpochSecond()).orElse("") + "}";
    byte[] sig = new byte[32];
    random.nextBytes(sig);
    return Secret.of(HEADER + "." + b64(payload) + "." + B64.encodeToString(sig));
  }

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
