package io.mdrotator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.port.IoFailure;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.port.MotherDuckMalformedResponseException;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.secret.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link MotherDuckApi} over the Admin REST API with {@code java.net.http}: typed errors, retries of
 * idempotent calls, outcome-unknown signalling for creates, client-side rate limit, clock skew.
 */
public final class MotherDuckClient implements MotherDuckApi {
  private final HttpTransport transport;

  private MotherDuckClient(HttpTransport transport) {
    this.transport = transport;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String createServiceAccount(String username) {
    ApiCall call = call("createServiceAccount", username, "POST", "/v1/users", "/v1/users",
        Optional.of(WireFormat.createUserBody(username)), false);
    return parse(call, transport.execute(call), r -> WireFormat.username(r.body(), username));
  }

  @Override
  public void deleteServiceAccount(String username) {
    ApiCall call = call("deleteServiceAccount", username, "DELETE", "/v1/users/{username}",
        "/v1/users/" + enc(username), Optional.empty(), true);
    transport.execute(call);
  }

  @Override
  public List<TokenInfo> listTokens(String username) {
    ApiCall call = call("listTokens", username, "GET", "/v1/users/{username}/tokens",
        "/v1/users/" + enc(username) + "/tokens", Optional.empty(), true);
    return parse(call, transport.execute(call), r -> WireFormat.tokenList(r.body()));
  }

  @Override
  public IssuedToken createToken(String username, TokenRequest request) {
    Objects.requireNonNull(request, "request");
    ApiCall call = call("createToken", username, "POST", "/v1/users/{username}/tokens",
        "/v1/users/" + enc(username) + "/tokens", Optional.of(WireFormat.createTokenBody(request)), false);
    HttpReply reply;
    try {
      reply = transport.execute(call);
    } catch (MotherDuckIoException e) {
      throw e.mayHaveReachedServer() ? new TokenOutcomeUnknownException(username, request.name(), e) : e;
    } catch (MotherDuckApiException e) {
      // A 5xx may come from a gateway after the backend minted the token.
      throw e.status() >= 500 ? new TokenOutcomeUnknownException(username, request.name(), e) : e;
    }
    try {
      return parse(call, reply, r -> WireFormat.issuedToken(r.body()));
    } catch (MotherDuckMalformedResponseException e) {
      // The token exists but its secret is unreadable: the caller must find and revoke it.
      throw new TokenOutcomeUnknownException(username, request.name(), e);
    }
  }

  @Override
  public void revokeToken(String username, String tokenId) {
    ApiCall call = call("revokeToken", username, "DELETE", "/v1/users/{username}/tokens/{token_id}",
        "/v1/users/" + enc(username) + "/tokens/" + enc(tokenId), Optional.empty(), true);
    transport.execute(call);
  }

  @Override
  public DucklingConfig getDucklings(String username) {
    ApiCall call = call("getDucklings", username, "GET", "/v1/users/{username}/instances",
        "/v1/users/" + enc(username) + "/instances", Optional.empty(), true);
    return parse(call, transport.execute(call), r -> WireFormat.ducklings(r.body()));
  }

  /**
   * Returns the config as the server normalized it (cooldowns it filled in included), so a caller
   * can compare the fields it set. The PUT reply is used when it is complete, i.e. every non-pulse
   * Duckling carries a cooldown (the server always holds one for them); peers saw empty 2xx bodies
   * and replies that omit a cooldown just set, and then the config is read back with a GET. If that
   * GET fails its exception is thrown although the PUT took effect; repeating the PUT is harmless.
   */
  @Override
  public DucklingConfig setDucklings(String username, DucklingConfig desired) {
    Objects.requireNonNull(desired, "desired");
    ApiCall call = call("setDucklings", username, "PUT", "/v1/users/{username}/instances",
        "/v1/users/" + enc(username) + "/instances", Optional.of(WireFormat.setDucklingsBody(desired)), true);
    HttpReply reply = transport.execute(call);
    if (reply.body() == null || reply.body().isBlank()) {
      return getDucklings(username);
    }
    DucklingConfig written = parse(call, reply, r -> WireFormat.ducklings(r.body()));
    return written.hasEveryCooldown() ? written : getDucklings(username);
  }

  @Override
  public Optional<Duration> clockSkew() {
    return transport.clockSkew();
  }

  private static ApiCall call(String op, String username, String method, String endpoint, String path,
      Optional<String> body, boolean idempotent) {
    Objects.requireNonNull(username, "username");
    return new ApiCall(op, username, method, method + " " + endpoint, path, body, idempotent);
  }

  private static <T> T parse(ApiCall call, HttpReply reply, Function<HttpReply, T> parser) {
    try {
      WireFormat.requireJson(reply.contentType(), reply.body());
      return parser.apply(reply);
    } catch (MalformedReplyException e) {
      throw new MotherDuckMalformedResponseException(
          call.operation(), call.username(), reply.status(), call.endpoint(), e.getMessage());
    }
  }

  private static String enc(String segment) {
    Objects.requireNonNull(segment, "path segment");
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Builds a {@link MotherDuckClient}; only {@link #adminToken} is required. */
  public static final class Builder {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.motherduck.com");
    public static final double DEFAULT_REQUESTS_PER_SECOND = 5;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private URI baseUrl = DEFAULT_BASE_URL;
    private Secret adminToken;
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxRetries = 4;
    private Duration maxRetryTime = Duration.ofSeconds(60);
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private ApiCallListener listener = ApiCallListener.NOOP;
    private Clock clock = Clock.systemUTC();
    private javax.net.ssl.SSLContext tls;

    private Builder() {}

    /** Default {@code https://api.motherduck.com}. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Read/write token of an org Admin. Required. */
    public Builder adminToken(Secret adminToken) {
      this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
      return this;
    }

    /** Client-side limit on requests (attempts) per second; 0 = unlimited. Default 5. */
    public Builder requestsPerSecond(double requestsPerSecond) {
      this.requestsPerSecond = requestsPerSecond;
      return this;
    }

    /**
     * Deadline of one attempt: connecting, the wait for the headers and reading the whole body
     * (a body still arriving then is {@link IoFailure#BODY_TIMEOUT}). Default 30 s.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Retries after the first attempt; 0 disables retrying. Default 4. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** Bound on the total time spent retrying one call. Default 60 s. */
    public Builder maxRetryTime(Duration maxRetryTime) {
      this.maxRetryTime = maxRetryTime;
      return this;
    }

    /** Exponential backoff bounds (jittered +/-20%) when no {@code Retry-After} is given. Default 250 ms .. 8 s. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Told about every HTTP attempt. Default {@link ApiCallListener#NOOP}. */
    public Builder listener(ApiCallListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Local clock, for {@link MotherDuckApi#clockSkew()} and HTTP-date {@code Retry-After}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * TLS context: its trust managers decide which CAs are trusted (e.g. a TLS-inspecting proxy's,
     * from {@code motherduck.tls.caFile}) and its key managers which client certificate is shown.
     * Default: the JVM's trust store, no client certificate. The host name is always checked and
     * TLS 1.3 and 1.2 are offered whatever the context says.
     */
    public Builder tls(javax.net.ssl.SSLContext tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    public MotherDuckClient build() {
      if (adminToken == null) {
        throw new IllegalStateException("adminToken is required");
      }
      ClientSettings settings = new ClientSettings(
          baseUrl, requestTimeout, maxRetries, maxRetryTime, initialBackoff, maxBackoff, requestsPerSecond);
      return new MotherDuckClient(new HttpTransport(settings, adminToken, listener, clock, tls));
    }
  }

  @Override
  public String toString() {
    return "MotherDuckClient[" + transport.baseUrl() + "]";
  }
}
