package io.mdrotator.emulator.motherduck;

import io.mdrotator.emulator.EmulatorServer;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.TokenType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A stateful in-process emulator of the MotherDuck Admin API (API reference section 12) on the JDK
 * HttpServer, with per-endpoint fault injection and test hooks. Note: the JDK server stamps the
 * {@code Date} header with wall-clock time, not the injected clock.
 */
public final class MotherDuckEmulator implements AutoCloseable {
  /** Quotes usernames for the seeded create requests (one mapper: building one costs milliseconds). */
  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
  public static final String CREATE_SERVICE_ACCOUNT = "createServiceAccount";
  public static final String DELETE_SERVICE_ACCOUNT = "deleteServiceAccount";
  public static final String LIST_TOKENS = "listTokens";
  public static final String CREATE_TOKEN = "createToken";
  public static final String REVOKE_TOKEN = "revokeToken";
  public static final String GET_DUCKLINGS = "getDucklings";
  public static final String SET_DUCKLINGS = "setDucklings";

  private final EmulatorServer server;
  private final EmulatorState state;
  private final FaultInjector faults;
  private final EmulatorHandler handler;
  private final ReplyRewrites rewrites = new ReplyRewrites();
  private final URI baseUri;
  private final Duration baseLatency;

  private MotherDuckEmulator(EmulatorOptions options) throws IOException {
    io.mdrotator.emulator.IssuedSecrets.record(options.adminToken().reveal());
    this.state = new EmulatorState(options);
    this.faults = new FaultInjector(options.faultSeed());
    this.baseLatency = options.latency();
    addBaseLatency();
    options.accounts().forEach(this::createAccount);
    options.members().forEach(this::addMember);
    this.handler = new EmulatorHandler(new AdminService(state, options), faults, new FaultControl(state, this), rewrites);
    this.server = EmulatorServer.http(
        new InetSocketAddress(options.host(), options.port()), 64, "md-emulator", handler);
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    this.baseUri = URI.create("http://" + host + ":" + server.port());
  }

  /** Starts an emulator; it listens until {@link #close()}. */
  public static MotherDuckEmulator start(EmulatorOptions options) {
    try {
      return new MotherDuckEmulator(options);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start MotherDuck emulator on " + options.host() + ":" + options.port(), e);
    }
  }

  /** For example {@code http://127.0.0.1:41234}; pass to {@code MotherDuckClient.builder().baseUrl}. */
  public URI baseUri() {
    return baseUri;
  }

  /** Fault rules and per-endpoint call counters (endpoint names are the constants above). */
  public FaultInjector faults() {
    return faults;
  }

  /**
   * Removes every fault rule added since start (by tests or {@code DELETE /_emulator/faults}); the
   * {@code latency} option stays in force.
   */
  public synchronized void clearFaults() {
    faults.clear();
    addBaseLatency();
  }

  private void addBaseLatency() {
    if (!baseLatency.isZero()) {
      faults.add(FaultInjector.ANY, Fault.latency(baseLatency));
    }
  }

  /** Calls counted for {@code endpoint}, faulted or not. */
  public long calls(String endpoint) {
    return faults.calls(endpoint);
  }

  /**
   * Calls counted for {@code endpoint} on {@code username}'s path (any case), faulted or not, e.g.
   * {@code calls(SET_DUCKLINGS, "etl")} is the number of {@code PUT /v1/users/etl/instances}
   * received. {@code createServiceAccount} has no username in its path and is never counted here.
   */
  public long calls(String endpoint, String username) {
    return faults.calls(endpoint, EmulatorState.key(username));
  }

  /** When on, {@code RATE_LIMIT} faults send {@code Retry-After} as an HTTP-date instead of seconds. */
  public void retryAfterAsHttpDate(boolean on) {
    handler.retryAfterAsHttpDate(on);
  }

  /**
   * Rewrites the body of the next {@code times} successful replies of {@code endpoint} (for
   * {@code username} only, or any when null) after the operation took effect; {@link
   * Fault#UNLIMITED} until {@link #clearRewrites()}. For bad-reply tests.
   */
  public void rewriteReplies(String endpoint, String username, java.util.function.UnaryOperator<String> rewrite, int times) {
    rewrites.add(endpoint, username, rewrite, times);
  }

  public void clearRewrites() {
    rewrites.clear();
  }

  /**
   * Replaces the org admin token, as an operator revoking it and issuing another would: from now on
   * the old one gets 401 {@code UNAUTHORIZED}. The new secret is recorded for leak canaries.
   */
  public void replaceAdminToken(io.mdrotator.secret.Secret newAdmin) {
    io.mdrotator.emulator.IssuedSecrets.record(newAdmin.reveal());
    state.replaceAdminToken(newAdmin);
  }

  /** Creates a service account directly (username rules apply; duplicates throw). */
  public void createAccount(String username) {
    try {
      state.createAccount(validUsername(username));
    } catch (ApiError.Failure f) {
      throw new IllegalArgumentException("cannot create account '" + username + "': " + f.error.message());
    }
  }

  /**
   * Adds a human member of the org (username rules apply; duplicates throw). The API lists and
   * configures it like any user, but refuses to mint its tokens with 403 FORBIDDEN.
   */
  public void addMember(String username) {
    try {
      state.addMember(validUsername(username));
    } catch (ApiError.Failure f) {
      throw new IllegalArgumentException("cannot add member '" + username + "': " + f.error.message());
    }
  }

  private static String validUsername(String username) {
    return Validation.username(Validation.object("{\"username\":" + quote(username) + "}"), 1);
  }

  /** Deletes an account and its tokens directly; false if it did not exist. */
  public boolean deleteAccount(String username) {
    if (!state.exists(username)) {
      return false;
    }
    state.deleteAccount(username);
    return true;
  }

  public boolean accountExists(String username) {
    return state.exists(username);
  }

  /** Unexpired, unrevoked tokens of {@code username} (empty if the account does not exist). */
  public List<TokenInfo> liveTokens(String username) {
    return state.exists(username) ? state.liveTokens(username).stream().map(StoredToken::info).toList() : List.of();
  }

  public boolean isTokenLive(String tokenId) {
    return state.isLive(tokenId);
  }

  /** Whether {@code secret} authenticates now, and if not why (revoked, expired, never issued). */
  public SecretStatus secretStatus(String secret) {
    return state.secretStatus(secret);
  }

  /** Every secret ever issued (including revoked and expired ones), for leak canaries. */
  public List<String> issuedSecrets() {
    return state.issuedSecrets();
  }

  /** Mints a token directly, as if someone other than md-rotator had created it; not counted. */
  public IssuedToken seedToken(String username, String name, TokenType type, Optional<Duration> ttl) {
    requireAccount(username);
    StoredToken t = state.createToken(username, new Validation.TokenSpec(name, ttl, type));
    return new IssuedToken(t.info(), t.secret());
  }

  public DucklingConfig ducklings(String username) {
    requireAccount(username);
    return state.ducklings(username);
  }

  @Override
  public void close() {
    server.close();
  }

  private void requireAccount(String username) {
    if (!state.exists(username)) {
      throw new IllegalArgumentException("no account '" + username + "'");
    }
  }

  private static String quote(String s) {
    return JSON.writeValueAsString(s);
  }
}
