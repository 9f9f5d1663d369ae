package io.mdrotator.motherduck;

import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mdrotator.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Opt-in contract test against the real API: set MOTHERDUCK_ADMIN_TOKEN and
 * MDROTATOR_CONTRACT_USERNAME (an existing service account); optional MOTHERDUCK_API_URL.
 * Creates one token with ttl 300 and revokes it.
 */
class MotherDuckContractTest {
  @Test
  void createListRevokeAgainstTheRealApi() {
    String token = System.getenv("MOTHERDUCK_ADMIN_TOKEN");
    String user = System.getenv("MDROTATOR_CONTRACT_USERNAME");
    assumeTrue(token != null && !token.isBlank() && user != null && !user.isBlank(),
        "contract test skipped: set MOTHERDUCK_ADMIN_TOKEN and MDROTATOR_CONTRACT_USERNAME to run it against the real API");
    String url = System.getenv().getOrDefault("MOTHERDUCK_API_URL", "https://api.motherduck.com");
    MotherDuckClient client = MotherDuckClient.builder().baseUrl(URI.create(url)).adminToken(Secret.of(token.strip()))
        .requestsPerSecond(2).build();
    String name = "md-rotator-contract-" + Instant.now().getEpochSecond();
    IssuedToken issued = client.createToken(user, TokenRequest.of(name, Duration.ofSeconds(300), TokenType.READ_WRITE));
    try {
      assertThat(issued.secret().reveal().split("\\.")).hasSize(3);
      assertThat(issued.info().expiresAt()).isPresent();
      assertThat(client.listTokens(user)).extracting(TokenInfo::id).contains(issued.info().id());
      assertThat(client.getDucklings(user)).isNotNull();
      assertThat(client.clockSkew()).isPresent();
    } finally {
      client.revokeToken(user, issued.info().id());
    }
    assertThat(client.listTokens(user)).extracting(TokenInfo::id).doesNotContain(issued.info().id());
  }
}
