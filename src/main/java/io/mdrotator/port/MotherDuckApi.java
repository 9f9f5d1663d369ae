package io.mdrotator.port;

import io.mdrotator.policy.DucklingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The MotherDuck Admin REST API operations md-rotator uses (MotherDuck's Admin API reference).
 *
 * <p>Every method throws a subclass of {@link MotherDuckApiException} on failure; expected outcomes
 * are return values. Only a {@code 404} whose JSON body has {@code code: NOT_FOUND} becomes {@link
 * MotherDuckNotFoundException}; a plain-text 404 is a routing error ({@link MotherDuckApiException}).
 */
public interface MotherDuckApi {

  /** {@code POST /v1/users}. */
  String createServiceAccount(String username);

  /** {@code DELETE /v1/users/{username}}: also revokes all tokens of the account. */
  void deleteServiceAccount(String username);

  /** {@code GET /v1/users/{username}/tokens}: metadata only, never the secret. */
  List<TokenInfo> listTokens(String username);

  /**
   * {@code POST /v1/users/{username}/tokens}. Never blindly retried once the request may have
   * reached the server: a lost reply throws {@link TokenOutcomeUnknownException} so the caller can
   * reconcile through {@link #listTokens}.
   */
  IssuedToken createToken(String username, TokenRequest request);

  /** {@code DELETE /v1/users/{username}/tokens/{tokenId}}. */
  void revokeToken(String username, String tokenId);

  /** {@code GET /v1/users/{username}/instances}. */
  DucklingConfig getDucklings(String username);

  /**
   * {@code PUT /v1/users/{username}/instances} with the full {@code {"config":{...}}} body; returns
   * the config as the server normalized it (e.g. the cooldown it applies when a size changes and
   * none was sent), so a caller can compare the fields it set.
   */
  DucklingConfig setDucklings(String username, DucklingConfig desired);

  /**
   * Server clock minus local clock, from the {@code Date} header of the latest reply; empty until a
   * reply with a {@code Date} header has been seen.
   */
  Optional<Duration> clockSkew();
}
