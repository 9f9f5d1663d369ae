package io.mdrotator.emulator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.secret.Secret;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The emulated organisation: users (case-insensitive identity), their tokens and Duckling configs.
 * A user is a service account (created through {@code POST /v1/users}) or a human member (only
 * through the test hook: the API cannot create one). Time comes from the injected clock; expired
 * tokens are invisible and rejected. All methods are atomic.
 */
final class EmulatorState {
  /** Result of checking a bearer token. */
  enum Auth { ADMIN, NON_ADMIN, INVALID }

  private final EmulatorOptions options;
  private final Clock clock;
  private Secret adminToken;
  private final JwtMinter minter = new JwtMinter();
  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, StoredToken> byId = new HashMap<>();
  private final Map<String, StoredToken> bySecret = new HashMap<>();
  private final List<String> issued = new ArrayList<>();
  private final Set<String> issuedSet = new HashSet<>();

  private static final class Account {
    final String username;
    final boolean serviceAccount;
    DucklingConfig ducklings = DucklingRules.defaults();
    final Map<String, StoredToken> tokens = new LinkedHashMap<>();

    Account(String username, boolean serviceAccount) {
      this.username = username;
      this.serviceAccount = serviceAccount;
    }
  }

  EmulatorState(EmulatorOptions options) {
    this.options = options;
    this.clock = options.clock();
    this.adminToken = options.adminToken();
  }

  synchronized void replaceAdminToken(Secret next) {
    adminToken = java.util.Objects.requireNonNull(next, "next");
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  synchronized Auth authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Auth.INVALID;
    }
    String value = authorization.substring("Bearer ".length()).strip();
    if (value.isEmpty()) {
      return Auth.INVALID;
    }
    if (adminToken.equals(Secret.of(value))) {
      return Auth.ADMIN;
    }
    StoredToken t = bySecret.get(value);
    return t != null && t.liveAt(now()) ? Auth.NON_ADMIN : Auth.INVALID;
  }

  /** Adds a service account; a taken username (any case) fails as the API does. */
  synchronized String createAccount(String username) {
    return add(username, true);
  }

  /** Adds a human member of the org: a user an admin may not mint tokens for. */
  synchronized String addMember(String username) {
    return add(username, false);
  }

  private String add(String username, boolean serviceAccount) {
    if (accounts.containsKey(key(username))) {
      String msg = "User with username " + username + " already exists (unique constraint)";
      throw (options.duplicateUsernameStatus() == 409
          ? new ApiError(409, "CONFLICT", msg, List.of())
          : ApiError.badRequest("username", "custom", msg)).fail();
    }
    accounts.put(key(username), new Account(username, serviceAccount));
    return username;
  }

  /**
   * 404 for an unknown user, 403 for a human member: through the API an admin mints tokens only
   * for service accounts (API reference 5).
   */
  synchronized void requireServiceAccount(String username) {
    if (!account(username).serviceAccount) {
      throw ApiError.notForMembers().fail();
    }
  }

  synchronized String deleteAccount(String username) {
    Account a = account(username);
    accounts.remove(key(username));
    a.tokens.values().forEach(this::forget);
    return a.username;
  }

  synchronized boolean exists(String username) {
    return accounts.containsKey(key(username));
  }

  synchronized List<StoredToken> liveTokens(String username) {
    Instant now = now();
    return account(username).tokens.values().stream().filter(t -> t.liveAt(now)).toList();
  }

  synchronized StoredToken createToken(String username, Validation.TokenSpec spec) {
    Account a = account(username);
    Instant now = now();
    String id = UUID.randomUUID().toString();
    Optional<Instant> expires = spec.ttl().map(now::plus);
    Secret secret = minter.mint(a.username, id, spec.type().wire(), now, expires);
    StoredToken t = new StoredToken(id, a.username, spec.name(), spec.type(), now, expires, secret);
    a.tokens.put(id, t);
    byId.put(id, t);
    bySecret.put(secret.reveal(), t);
    issued.add(secret.reveal());
    issuedSet.add(secret.reveal());
    io.mdrotator.emulator.IssuedSecrets.record(secret.reveal());
    return t;
  }

  synchronized void revokeToken(String username, String tokenId) {
    Account a = account(username);
    StoredToken t = a.tokens.get(tokenId);
    if (t == null || !t.liveAt(now())) {
      throw ApiError.notFound("Token not found").fail();
    }
    a.tokens.remove(tokenId);
    forget(t);
  }

  synchronized DucklingConfig ducklings(String username) {
    return account(username).ducklings;
  }

  synchronized DucklingConfig updateDucklings(String username, UnaryOperator<DucklingConfig> change) {
    Account a = account(username);
    a.ducklings = change.apply(a.ducklings);
    return a.ducklings;
  }

  synchronized boolean isLive(String tokenId) {
    StoredToken t = byId.get(tokenId);
    return t != null && t.liveAt(now());
  }

  /** What a consumer presenting {@code secret} would get: the ground truth for consumer probes. */
  synchronized SecretStatus secretStatus(String secret) {
    StoredToken t = bySecret.get(secret);
    if (t != null) {
      return t.liveAt(now()) ? SecretStatus.LIVE : SecretStatus.EXPIRED;
    }
    return issuedSet.contains(secret) ? SecretStatus.REVOKED : SecretStatus.NEVER_ISSUED;
  }

  synchronized List<String> issuedSecrets() {
    return List.copyOf(issued);
  }

  private void forget(StoredToken t) {
    byId.remove(t.id());
    bySecret.remove(t.secret().reveal());
  }

  private Account account(String username) {
    Account a = username == null ? null : accounts.get(key(username));
    if (a == null) {
      throw ApiError.notFound("User not found").fail();
    }
    return a;
  }

  /** The identity of a username: usernames are unique and matched case-insensitively. */
  static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }
}
