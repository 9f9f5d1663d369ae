package io.mdrotator.rotation;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import io.mdrotator.secret.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * In-memory MotherDuck: tokens per user, expiry by the injected clock (expired tokens disappear
 * from the listing), and fault switches.
 */
final class FakeMotherDuck implements MotherDuckApi {
  private final Clock clock;
  private final Map<String, Map<String, TokenInfo>> tokens = new HashMap<>();
  private final Map<String, DucklingConfig> ducklings = new HashMap<>();
  final List<String> revoked = new ArrayList<>();
  final List<String> secretsIssued = new ArrayList<>();
  int created;
  int setDucklingsCalls;
  private int failCreate;
  private int failAll;
  private int commitThenDrop;
  Consumer<String> beforeRevoke = id -> {};
  Runnable afterCreate = () -> {};
  /** Runs inside createServiceAccount before the duplicate check (a racing creator goes here). */
  Runnable beforeCreateAccount = () -> {};
  /** When set, every token creation is refused with this (until cleared). */
  java.util.function.Supplier<MotherDuckApiException> createRejection;
  /** When set, every Duckling PUT is refused with this (until cleared). */
  java.util.function.Supplier<MotherDuckApiException> ducklingRejection;
  /** What the server stores for a PUT (MotherDuck fills in default cooldowns). */
  java.util.function.UnaryOperator<DucklingConfig> ducklingNormalizer = c -> c;
  /** What a duplicate username answers: 400 like MotherDuck, or 409. */
  int duplicateUsernameStatus = 400;

  FakeMotherDuck(Clock clock) {
    this.clock = clock;
  }

  synchronized void addUser(String user) {
    tokens.putIfAbsent(user, new LinkedHashMap<>());
  }

  /** A token minted outside md-rotator (or by another process). */
  synchronized TokenInfo addToken(String user, String name, Duration ttl) {
    TokenInfo t = new TokenInfo(UUID.randomUUID().toString(), name,
        io.mdrotator.policy.TokenType.READ_WRITE, clock.instant(),
        Optional.of(clock.instant().plus(ttl)), false);
    tokens.get(user).put(t.id(), t);
    return t;
  }

  synchronized void failNextCreates(int n) {
    failCreate = n;
  }

  synchronized void failNextCalls(int n) {
    failAll = n;
  }

  synchronized void commitThenDropNextCreate() {
    commitThenDrop = 1;
  }

  synchronized void revokeOutside(String user, String id) {
    tokens.get(user).remove(id);
  }

  synchronized List<TokenInfo> live(String user) {
    return tokens.get(user).values().stream().filter(t -> !t.expiredAt(clock.instant())).toList();
  }

  private void maybeFail(String op, String user) {
    if (failAll > 0) {
      failAll--;
      throw new MotherDuckApiException(op, user, 503, null, "storm", List.of(), null);
    }
  }

  private Map<String, TokenInfo> user(String op, String user) {
    Map<String, TokenInfo> m = tokens.get(user);
    if (m == null) {
      throw new MotherDuckNotFoundException(op, user, "user not found", List.of());
    }
    return m;
  }

  @Override
  public synchronized String createServiceAccount(String username) {
    maybeFail("createServiceAccount", username);
    beforeCreateAccount.run();
    if (tokens.containsKey(username)) {
      throw new MotherDuckApiException("createServiceAccount", username, duplicateUsernameStatus, null,
          "User with username " + username + " already exists (unique constraint)", List.of(), null);
    }
    addUser(username);
    return username;
  }

  @Override
  public synchronized void deleteServiceAccount(String username) {
    tokens.remove(username);
  }

  @Override
  public synchronized List<TokenInfo> listTokens(String username) {
    maybeFail("listTokens", username);
    user("listTokens", username);
    return List.copyOf(live(username));
  }

  @Override
  public IssuedToken createToken(String username, TokenRequest request) {
    IssuedToken issued;
    boolean drop;
    synchronized (this) {
      maybeFail("createToken", username);
      if (createRejection != null) {
        throw createRejection.get();
      }
      if (failCreate > 0) {
        failCreate--;
        throw new MotherDuckApiException("createToken", username, 429, null, "slow down", List.of(), null);
      }
      Map<String, TokenInfo> m = user("createToken", username);
      TokenInfo t = new TokenInfo(UUID.randomUUID().toString(), request.name(), request.type(),
          clock.instant(), request.ttl().map(d -> clock.instant().plus(d)), false);
      m.put(t.id(), t);
      created++;
      String secret = "mdsecret-" + UUID.randomUUID();
      secretsIssued.add(secret);
      issued = new IssuedToken(t, Secret.of(secret));
      drop = commitThenDrop > 0;
      commitThenDrop = 0;
    }
    afterCreate.run();
    if (drop) {
      throw new TokenOutcomeUnknownException(username, request.name(), null);
    }
    return issued;
  }

  @Override
  public void revokeToken(String username, String tokenId) {
    synchronized (this) {
      maybeFail("revokeToken", username);
    }
    beforeRevoke.accept(tokenId);
    synchronized (this) {
      if (user("revokeToken", username).remove(tokenId) == null) {
        throw new MotherDuckNotFoundException("revokeToken", username, "no such token", List.of());
      }
      revoked.add(tokenId);
    }
  }

  @Override
  public synchronized DucklingConfig getDucklings(String username) {
    user("getDucklings", username);
    return ducklings.getOrDefault(username, new DucklingConfig(
        new DucklingConfig.ReadWrite(DucklingConfig.InstanceSize.PULSE, Optional.empty()),
        new DucklingConfig.ReadScaling(DucklingConfig.InstanceSize.PULSE, 1, Optional.empty())));
  }

  @Override
  public synchronized DucklingConfig setDucklings(String username, DucklingConfig desired) {
    setDucklingsCalls++;
    if (ducklingRejection != null) {
      throw ducklingRejection.get();
    }
    DucklingConfig stored = ducklingNormalizer.apply(desired);
    ducklings.put(username, stored);
    return stored;
  }

  @Override
  public Optional<Duration> clockSkew() {
    return Optional.empty();
  }
}
